// The browser host harness: the real main core in Node, the built renderer served on 127.0.0.1, and the
// `window.softphone` contract carried over a WebSocket through the same command router as Electron IPC.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { WebSocketServer, type WebSocket } from 'ws';
import { CONTENT_SECURITY_POLICY } from '../../main/electron/contentSecurityPolicy.js';
import type { RingContentReport } from '../../preload/contract.js';
import { createCommandRouter } from '../../main/ipc/router.js';
import type { LocalServiceOptions } from '../../main/local/service.js';
import type { LoadedPolicy } from '../../main/policy/load.js';
import { Softphone, type ConfiguredServer } from '../../main/softphone.js';
import type { Availability } from '../../main/ucwa/application.js';

const RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export type Harness = {
  url: string;
  softphone: Softphone;
  /** Where the ring page's fitRingWindow goes, as in the Electron adapter; openRingWindow sets it. */
  fitRingWindow?: (report: RingContentReport) => void;
  close(): Promise<void>;
};

/** The core runs on its embedded local service unless a `configured` server is given. */
export type HarnessOptions = { local?: LocalServiceOptions; availability?: Availability; configured?: ConfiguredServer; policy?: LoadedPolicy };

export async function startHarness({ local = {}, availability, configured, policy }: HarnessOptions = {}): Promise<Harness> {
  const softphone = await Softphone.start({
    endpointId: '6f1c2a52-43a4-4d0e-9a39-5b0e4f1d2a77',
    userAgent: 'softphone-harness',
    local: { maxHoldSeconds: 5, ...local },
    ...(availability && { availability }),
    ...(configured && { configured }),
    ...(policy && { policy }),
  });
  const server = createServer((request, response) => void serveRenderer(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const router = createCommandRouter(softphone, [url], { fitRingWindow: (report) => harness.fitRingWindow?.(report) });

  const sockets = new WebSocketServer({ server, path: '/softphone' });
  sockets.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    const sender = { url: request.headers.origin ?? '' };
    const unsubscribe = softphone.subscribe((snapshot) => socket.send(JSON.stringify({ snapshot })));
    socket.on('close', unsubscribe);
    socket.on('message', async (data) => {
      const { id, command } = JSON.parse(String(data)) as { id: number; command: unknown };
      socket.send(JSON.stringify({ id, result: await router(sender, command) }));
    });
  });

  const harness: Harness = {
    url,
    softphone,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await softphone.stop();
    },
  };
  return harness;
}

async function serveRenderer(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://harness').pathname;
  const file = normalize(join(RENDERER_DIR, path === '/' ? 'index.html' : decodeURIComponent(path)));
  const type = CONTENT_TYPES[extname(file)];
  if (!file.startsWith(normalize(RENDERER_DIR + sep)) || !type) {
    response.writeHead(404).end();
    return;
  }
  try {
    const body = await readFile(file);
    response.writeHead(200, { 'Content-Type': type, 'Content-Security-Policy': CONTENT_SECURITY_POLICY });
    response.end(body);
  } catch {
    response.writeHead(404).end();
  }
}

let bridgeScript: Promise<string> | undefined;

/** The page-side bridge, bundled once per test process with the same `createSoftphoneApi` as the preload. */
export function harnessBridgeScript(): Promise<string> {
  bridgeScript ??= build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      minify: false,
      lib: { entry: fileURLToPath(new URL('./bridge.ts', import.meta.url)), formats: ['iife'], name: 'softphoneHarnessBridge' },
    },
  }).then((output) => {
    const result = Array.isArray(output) ? output[0] : output;
    if (!result || !('output' in result) || !result.output[0]) throw new Error('The harness bridge did not build');
    return result.output[0].code;
  });
  return bridgeScript;
}

// The browser host: the app's windows as pages of an installed Chromium or Chrome, for machines where the
// Electron binary is missing (`npm start` falls back to it) and for the end-to-end tests. It serves the
// built renderer on 127.0.0.1 and carries the same `window.softphone` contract over a WebSocket, through
// the same command router as Electron IPC. Only the pages it served may drive the core: it listens on
// loopback alone, every request must name this host and port (no DNS rebinding), and the WebSocket must
// come from this origin with the random per-run token the launcher put in the page's address.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { CONTENT_SECURITY_POLICY } from '../pages/contentSecurityPolicy.js';
import { CONTENT_TYPES, readRendererFiles, rendererFileAt, type RendererFile } from '../pages/rendererFiles.js';
import { createCommandRouter, type DesktopWindows } from '../ipc/router.js';
import { snapshotFor, windowFeed, type WindowRole } from '../ipc/windowSnapshots.js';
import type { FirstSnapshot } from '../../preload/shared/firstSnapshot.js';
import { pageWithSnapshot } from './pageWithSnapshot.js';
import { windowOfHash, windowOfQuery, windowQuery } from '../../preload/shared/windowAddress.js';
import type { Core } from '../core/core.js';

// Not `import { … } from 'node:http'`: on Node 24 (Electron's) that loads undici (see eslint.config.js).
const { createServer } = process.getBuiltinModule('node:http');

export const CONTRACT_PATH = '/softphone';
/**
 * Every file here is named by a hash of its content (the build's, and the bridge's below), so a page reloaded
 * takes them from Chromium's cache, and with them V8's code cache: the scripts are neither asked for nor
 * compiled again, as under Electron's app:// scheme (appProtocol.ts). Only the page is asked for at each load.
 */
const HASHED_ASSETS = '/assets/';

export type BrowserHostOptions = {
  core: Core;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /** The built page-side bridge (dist/browser/softphone-bridge.js). */
  bridgeFile: string;
  /** What the desktop around the core does with commands about its windows. */
  desktop?: DesktopWindows;
};

export type BrowserHost = {
  /** The origin the pages come from, http://127.0.0.1:port. */
  origin: string;
  /** The address of a window's page, with the token: `hash` '#ring' for the ring window. */
  pageUrl(hash?: string): string;
  close(): Promise<void>;
};

export async function startBrowserHost({ core, rendererDir, bridgeFile, desktop }: BrowserHostOptions): Promise<BrowserHost> {
  const token = randomBytes(24).toString('base64url');
  const files = await pageFiles(rendererDir, bridgeFile);
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const origin = `http://${host}`;
  const fromThisHost = (request: IncomingMessage) => request.headers.host === host;
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (!fromThisHost(request)) return void response.writeHead(403).end();
    // Only a page asked for with the token holds the window's snapshot (the person's calls and history).
    const firstSnapshot = (): FirstSnapshot | undefined => {
      if (!tokenMatches(request, token)) return undefined;
      const window = windowOf(request);
      return { window, snapshot: snapshotFor(window, core.snapshot()) };
    };
    serve(request, response, files, firstSnapshot);
  });
  const router = createCommandRouter(core, [origin], desktop);

  const sockets = new WebSocketServer({
    server,
    path: CONTRACT_PATH,
    verifyClient: ({ req }: { req: IncomingMessage }) => fromThisHost(req) && req.headers.origin === origin && tokenMatches(req, token),
  });
  sockets.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    const sender = { url: origin, window: windowOf(request) };
    const feed = windowFeed(sender.window, (snapshot) => socket.send(JSON.stringify({ snapshot })));
    // The window's first snapshot goes as its socket opens: the bridge takes it as the answer to the page's
    // first getSnapshot, which it does not send (browserBridge.ts), so a loading window does not wait for a
    // request of its own to cross the network service to the host first (15–30 ms each way on two busy cores).
    feed(core.snapshot());
    const unsubscribe = core.subscribe(feed, { first: sender.window === 'ring' });
    socket.on('close', unsubscribe);
    socket.on('message', async (data) => {
      let message: { id: number; command: unknown };
      try {
        message = JSON.parse(String(data)) as { id: number; command: unknown };
      } catch {
        return socket.close(1003, 'Not JSON');
      }
      socket.send(JSON.stringify({ id: message.id, result: await router(sender, message.command) }));
    });
  });

  return {
    origin,
    // The ring window's page says so to the host too (the hash stays in the browser), which serves it its own view.
    pageUrl: (hash = '') => `${origin}/?token=${token}${windowQuery(windowOfHash(hash))}${hash}`,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The ring window's page and bridge say so in their addresses (windowAddress.ts); any other page is the main window. */
function windowOf(request: IncomingMessage): WindowRole {
  return windowOfQuery(new URL(request.url ?? '/', 'http://host').searchParams);
}

function tokenMatches(request: IncomingMessage, token: string): boolean {
  const given = Buffer.from(new URL(request.url ?? '/', 'http://host').searchParams.get('token') ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The renderer's files, the bridge beside them (named by its content, as the build names the others), and the
 * page at '/' with its bridge (read once: rendererFiles.ts).
 */
async function pageFiles(rendererDir: string, bridgeFile: string): Promise<Map<string, RendererFile>> {
  const files = await readRendererFiles(rendererDir);
  const bridge = await readFile(bridgeFile);
  const bridgePath = `${HASHED_ASSETS}softphone-bridge-${createHash('sha256').update(bridge).digest('base64url').slice(0, 12)}.js`;
  files.set(bridgePath, { body: bridge, type: CONTENT_TYPES['.js']! });
  const index = files.get('/index.html');
  if (index) files.set('/', { ...index, body: Buffer.from(withBridge(index.body.toString('utf8'), bridgePath)) });
  return files;
}

/** `firstSnapshot`: what the page at '/' is given to start from, undefined where it may have none (asked for only for that page). */
function serve(
  request: IncomingMessage,
  response: ServerResponse,
  files: ReadonlyMap<string, RendererFile>,
  firstSnapshot: () => FirstSnapshot | undefined,
): void {
  const path = new URL(request.url ?? '/', 'http://host').pathname;
  const file = rendererFileAt(files, path);
  if (!file) return void response.writeHead(404).end();
  const first = path === '/' ? firstSnapshot() : undefined;
  response
    .writeHead(200, {
      'Content-Type': file.type,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      ...(path.startsWith(HASHED_ASSETS) && { 'Cache-Control': 'max-age=31536000, immutable' }),
      ...(first && { 'Cache-Control': 'no-store' }),
    })
    .end(first ? pageWithSnapshot(file.body.toString('utf8'), first) : file.body);
}

/** The page with its bridge loaded first: a classic script in the head runs before the app's module. */
function withBridge(html: string, bridgePath: string): string {
  return html.replace('</head>', `  <script src="${bridgePath}"></script>\n  </head>`);
}

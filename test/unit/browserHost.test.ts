// The browser host lets only the pages it served drive the core: requests must name its host and port,
// and the WebSocket must come from its origin with its per-run token. Checked with a real WebSocket client
// against the real host and core, over loopback.
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import { CONTRACT_PATH, startBrowserHost, type BrowserHost } from '../../main/browserHost/host.js';
import { Core } from '../../main/core/core.js';
import { snapshotFor } from '../../main/ipc/windowSnapshots.js';
import type { AppSnapshot } from '../../preload/shared/contract.js';
import { FIRST_SNAPSHOT_ID, type FirstSnapshot } from '../../preload/shared/firstSnapshot.js';

const RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));
const BRIDGE_FILE = fileURLToPath(new URL('../../dist/browser/softphone-bridge.js', import.meta.url));

/** Opens the contract's WebSocket as given; resolves with the reply to getSnapshot, or with how it was refused. */
function connect(host: BrowserHost, { token, origin = host.origin, hostHeader }: { token: string | undefined; origin?: string; hostHeader?: string }) {
  const url = `${host.origin.replace('http', 'ws')}${CONTRACT_PATH}${token === undefined ? '' : `?token=${token}`}`;
  const socket = new WebSocket(url, { origin, ...(hostHeader && { headers: { Host: hostHeader } }) });
  return new Promise<{ refused: number } | { reply: { result: { ok: boolean } } }>((resolve, reject) => {
    socket.on('unexpected-response', (_request, response) => resolve({ refused: response.statusCode ?? 0 }));
    socket.on('open', () => socket.send(JSON.stringify({ id: 1, command: { type: 'getSnapshot' } })));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id?: number; result?: { ok: boolean } };
      if (message.id !== 1) return;
      socket.close();
      resolve({ reply: message as { result: { ok: boolean } } });
    });
    socket.on('error', reject);
  });
}

describe('the browser host', () => {
  let core: Core;
  let host: BrowserHost;
  let token: string;

  beforeAll(async () => {
    core = await Core.start({ endpointId: '3c8e1f20-5b7a-4d6e-9f01-2a3b4c5d6e7f', userAgent: 'test' });
    host = await startBrowserHost({ core, rendererDir: RENDERER_DIR, bridgeFile: BRIDGE_FILE });
    token = new URL(host.pageUrl()).searchParams.get('token')!;
  });
  afterAll(async () => {
    await host.close();
    await core.stop();
  });

  it('serves the page with its bridge loaded before the app, under the Content-Security-Policy', async () => {
    const response = await fetch(host.pageUrl());
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    // A classic script, neither deferred nor async: it runs while the page is parsed, before any module.
    expect(await response.text()).toMatch(/<script src="\/assets\/softphone-bridge-[\w-]{12}\.js"><\/script>\s*<\/head>/);
  });

  it('answers the page and its scripts while every thread of Node’s thread pool is busy', async () => {
    // Each thread blocks in opening a named pipe for reading until the pipe has a writer.
    const folder = mkdtempSync(join(tmpdir(), 'softphone-busy-pool-'));
    const pipes = Array.from({ length: Number(process.env.UV_THREADPOOL_SIZE ?? 4) }, (_, n) => join(folder, `pipe-${n}`));
    execFileSync('mkfifo', pipes);
    const readers = pipes.map((pipe) => open(pipe, 'r'));
    onTestFinished(async () => {
      for (const pipe of pipes) closeSync(openSync(pipe, constants.O_WRONLY | constants.O_NONBLOCK));
      for (const reader of readers) await (await reader).close();
      rmSync(folder, { recursive: true });
    });
    const page = await (await fetch(host.pageUrl())).text();
    const scripts = [...page.matchAll(/<script[^>]* src="\.?([^"]+)"/g)].map(([, src]) => src!);
    expect(scripts).toEqual([expect.stringMatching(/^\/assets\/index-.*\.js$/), expect.stringMatching(/^\/assets\/softphone-bridge-.*\.js$/)]);
    for (const script of scripts) {
      const response = await fetch(new URL(script, host.origin));
      expect([response.status, response.headers.get('content-type'), (await response.text()).length > 0]).toEqual([
        200,
        'text/javascript; charset=utf-8',
        true,
      ]);
    }
  });

  it('lets the browser keep the scripts and styles, each named by its content, and asks for the page again', async () => {
    const page = await fetch(host.pageUrl());
    const files = [...(await page.text()).matchAll(/(?:src|href)="\.?(\/[^"]+)"/g)].map(([, path]) => path!);
    expect(files).toEqual(expect.arrayContaining([expect.stringMatching(/\/index-.*\.js$/), expect.stringMatching(/\/softphone-bridge-.*\.js$/)]));
    const cacheControl = async (path: string) => (await fetch(new URL(path, host.origin))).headers.get('cache-control');
    expect(await Promise.all(files.map(cacheControl))).toEqual(files.map(() => 'max-age=31536000, immutable'));
    // It holds the window's snapshot, which nothing may keep.
    expect(page.headers.get('cache-control')).toBe('no-store');
  });

  it('writes the window’s own snapshot into its page, only into a page asked for with the token', async () => {
    const inPage = async (url: string) => {
      const page = await (await fetch(url)).text();
      const content = new RegExp(`<script type="application/json" id="${FIRST_SNAPSHOT_ID}">([^<]*)</script>`).exec(page)?.[1];
      return content === undefined ? undefined : (JSON.parse(content) as FirstSnapshot);
    };
    for (const [url, window] of [
      [host.pageUrl(), 'main'],
      [host.pageUrl('#ring'), 'ring'],
    ] as const) {
      const first = await inPage(url);
      // The window's own view (the ring window's is smaller), as current as the core's now or older.
      expect(first?.window).toBe(window);
      expect(Object.keys(first!.snapshot)).toEqual(Object.keys(snapshotFor(window, core.snapshot())));
      expect(first!.snapshot.revision).toBeLessThanOrEqual(core.snapshot().revision);
    }
    expect(await inPage(`${host.origin}/`)).toBeUndefined();
    expect(await inPage(`${host.origin}/?token=${'x'.repeat(32)}`)).toBeUndefined();
  });

  it('answers a malformed or unknown path with 404 and keeps serving', async () => {
    const statuses = [];
    for (const path of ['/%E0%A4%A', '/..%2Fpackage.json', '/assets/..%2F..%2Fpackage.json', '/%2E%2E/package.json', '/nothing.js', '/']) {
      statuses.push((await fetch(new URL(path, host.origin))).status);
    }
    expect(statuses).toEqual([404, 404, 404, 404, 404, 200]);
  });

  it('answers its own page’s commands over the WebSocket', async () => {
    expect(await connect(host, { token })).toMatchObject({ reply: { result: { ok: true } } });
  });

  it('sends each window its snapshot as soon as its socket opens, before the window asks for anything', async () => {
    const messagesUntilReply = (window = '') =>
      new Promise<Array<{ id?: number; snapshot?: unknown }>>((resolve, reject) => {
        const socket = new WebSocket(`${host.origin.replace('http', 'ws')}${CONTRACT_PATH}?token=${token}${window}`, { origin: host.origin });
        const received: Array<{ id?: number; snapshot?: unknown }> = [];
        socket.on('open', () => socket.send(JSON.stringify({ id: 1, command: { type: 'getSnapshot' } })));
        socket.on('message', (data) => {
          received.push(JSON.parse(String(data)) as { id?: number; snapshot?: unknown });
          if (received.at(-1)!.id !== 1) return;
          socket.close();
          resolve(received);
        });
        socket.on('error', reject);
      });
    for (const messages of await Promise.all([messagesUntilReply(), messagesUntilReply('&window=ring')])) {
      const [first, reply] = [messages[0] as { snapshot: AppSnapshot }, messages.at(-1) as { result: { snapshot: AppSnapshot } }];
      // The window's own view (the ring window's is smaller), as current as the reply or older (the core may publish between).
      expect(Object.keys(first)).toEqual(['snapshot']);
      expect(Object.keys(first.snapshot)).toEqual(Object.keys(reply.result.snapshot));
      expect(first.snapshot.revision).toBeLessThanOrEqual(reply.result.snapshot.revision);
    }
  });

  it.each([
    ['no token', { token: undefined }],
    ['another token', { token: 'x'.repeat(32) }],
    ['the token from another origin', { origin: 'http://evil.example' }],
    ['the token for another host name (DNS rebinding)', { hostHeader: 'evil.example' }],
  ])('refuses a WebSocket with %s', async (_, how) => {
    expect(await connect(host, { token, ...how })).toEqual({ refused: 401 });
  });

  it('refuses a page request that names another host', async () => {
    const { request } = await import('node:http');
    const { port } = new URL(host.origin);
    const status = await new Promise<number>((resolve, reject) =>
      request({ host: '127.0.0.1', port, path: '/', headers: { Host: 'evil.example' } }, (response) => resolve(response.statusCode ?? 0))
        .on('error', reject)
        .end(),
    );
    expect(status).toBe(403);
  });
});

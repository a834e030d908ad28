// The floors' page: a blank page from a tiny loopback server in the same Chromium (its own browser
// context). The server holds `/poll` (the page's long-poll) and `/events` (Node's, for the relayed floor)
// until the bench releases them, and keeps a WebSocket to the page, as the browser host does.
import { Agent, createServer, get, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { WebSocketServer } from 'ws';

/** What the server holds: the page's own long-poll, or Node's that it relays to the page. */
export type HeldPoll = '/poll' | '/events';

export type FloorPage = {
  page: Page;
  /** Resolves once that request is held. */
  polled(path?: HeldPoll): Promise<void>;
  /** Answers the held request and returns when (Node's performance.now()) the response was handed to the connection. */
  release(path?: HeldPoll): number;
  close(): Promise<void>;
};

export async function openFloorPage(browser: Browser): Promise<FloorPage> {
  const held = new Map<string, ServerResponse>();
  const waiting = new Map<string, () => void>();
  const server = createServer((request, response) => {
    const path = request.url ?? '';
    if (path === '/poll' || path === '/events') {
      held.set(path, response);
      waiting.get(path)?.();
      waiting.delete(path);
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Floor</title><body></body>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const relay = relayToThePage(server, `http://${origin}/events`);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`http://${origin}/`);
  await page.evaluate(
    (url) =>
      new Promise<void>((resolve, reject) => {
        const socket = new WebSocket(url);
        Object.assign(window, { __relay: socket });
        socket.addEventListener('open', () => resolve(), { once: true });
        socket.addEventListener('error', () => reject(new Error('The floor page’s WebSocket failed')), { once: true });
      }),
    `ws://${origin}/relay`,
  );
  return {
    page,
    polled: (path = '/poll') => (held.has(path) ? Promise.resolve() : new Promise((resolve) => waiting.set(path, resolve))),
    release: (path = '/poll') => {
      const response = held.get(path);
      if (!response) throw new Error(`No ${path} is held`);
      held.delete(path);
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 2 }).end('{}');
      return performance.now();
    },
    close: async () => {
      await context.close();
      relay.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The relay the app's ring goes through, with none of the app's work: each time the page says `armed`, Node
 * long-polls `eventsUrl` over a kept-alive connection, as the core holds its event GET, reads the JSON and
 * sends it on to the page over the WebSocket.
 */
function relayToThePage(server: ReturnType<typeof createServer>, eventsUrl: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const sockets = new WebSocketServer({ server, path: '/relay' });
  sockets.on('connection', (socket) => {
    socket.on('message', () => {
      get(eventsUrl, { agent }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => socket.send(JSON.stringify(JSON.parse(body))));
      });
    });
  });
  return {
    close: () => {
      for (const socket of sockets.clients) socket.terminate();
      sockets.close();
      agent.destroy();
    },
  };
}

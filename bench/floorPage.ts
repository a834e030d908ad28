// The floors' page: a blank page from a tiny loopback server in the same Chromium (its own browser
// context), whose `/poll` is held until the bench releases it.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';

export type FloorPage = {
  page: Page;
  /** Resolves once the page's `/poll` request is held. */
  polled(): Promise<void>;
  /** Answers the held `/poll` and returns when (Node's performance.now()) the response was handed to the connection. */
  release(): number;
  close(): Promise<void>;
};

export async function openFloorPage(browser: Browser): Promise<FloorPage> {
  let held: ServerResponse | undefined;
  let onPoll: (() => void) | undefined;
  const server = createServer((request, response) => {
    if (request.url === '/poll') {
      held = response;
      onPoll?.();
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Floor</title><body></body>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  return {
    page,
    polled: () => (held ? Promise.resolve() : new Promise((resolve) => (onPoll = resolve))),
    release: () => {
      if (!held) throw new Error('No poll is held');
      held.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 2 }).end('{}');
      held = undefined;
      return performance.now();
    },
    close: async () => {
      await context.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

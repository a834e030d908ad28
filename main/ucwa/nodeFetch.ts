// The UCWA client's HTTP outside Electron. Plain http (the embedded local service on 127.0.0.1) goes over
// node:http, which that service already runs on: Node's own fetch would load undici, a second HTTP stack
// of 10–20 MiB, for nothing. https (a real server, from diag or the browser host) stays with Node's fetch,
// loaded then, so that TLS is never set up by hand here (in the app, Electron's net.fetch does it all).
import type { IncomingMessage } from 'node:http';
import type { FetchLike, FetchReply } from './http.js';

// Not `import { … } from 'node:http'`: on Node 24 (Electron's) that loads undici (see eslint.config.js).
const { request: httpRequest } = process.getBuiltinModule('node:http');

/**
 * Sends one request as fetch would (no redirects followed) and settles as fetch does: a network failure
 * is "fetch failed" with the reason in `cause`, an abort the signal's reason.
 */
export const nodeFetch: FetchLike = (input, init = {}) => {
  const url = new URL(input);
  if (url.protocol !== 'http:') return fetch(url, init);
  const { signal } = init;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<FetchReply>((resolve, reject) => {
    const headers: Record<string, string | number> = { ...init.headers };
    if (init.body !== undefined) headers['Content-Length'] = Buffer.byteLength(init.body);
    let reply: IncomingMessage | undefined;
    const request = httpRequest(url, { method: init.method ?? 'GET', headers }, (response) => resolve(replyOf((reply = response))));
    // A body being read when the signal aborts fails with the signal's reason too, as fetch's does.
    const abort = () => (reply?.destroy(signal?.reason), request.destroy(signal?.reason));
    signal?.addEventListener('abort', abort, { once: true });
    request.once('close', () => signal?.removeEventListener('abort', abort));
    request.once('error', (error) => reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: error })));
    request.end(init.body);
  });
};

function replyOf(response: IncomingMessage): FetchReply {
  return {
    status: response.statusCode ?? 0,
    headers: { get: (name) => headerValue(response.headers[name.toLowerCase()]) },
    body: response,
  };
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

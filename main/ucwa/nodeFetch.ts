// The UCWA client's HTTP outside Electron, on node:http and node:https. Node's own fetch would load
// undici, a second HTTP stack of 10–20 MiB beside the node:http the embedded local service already uses.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { FetchLike, FetchReply } from './http.js';

/** Sends one request as fetch would (no redirects followed) and settles as fetch does: a network failure is "fetch failed" with the reason in `cause`, an abort the signal's reason. */
export const nodeFetch: FetchLike = (input, init = {}) => {
  const url = new URL(input);
  const { signal } = init;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<FetchReply>((resolve, reject) => {
    const headers: Record<string, string | number> = { ...init.headers };
    if (init.body !== undefined) headers['Content-Length'] = Buffer.byteLength(init.body);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let reply: IncomingMessage | undefined;
    const request = send(url, { method: init.method ?? 'GET', headers }, (response) => resolve(replyOf((reply = response))));
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

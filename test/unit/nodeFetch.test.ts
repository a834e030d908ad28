// The core's HTTP outside Electron (node:http) fails as fetch does, so NetworkError says the same: a refused
// connection is "fetch failed" with the reason as its cause, and an abort, before the reply or while its body
// is read, rejects with the signal's reason (the request's timeout says "No response within …").
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../main/ucwa/http.js';
import { nodeFetch } from '../../main/ucwa/nodeFetch.js';

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

/** A loopback server answering every request with `handle`; resolves to its origin. */
async function serve(handle: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handle);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const timeout = () => new DOMException('No response within 1 ms', 'TimeoutError');

describe.each<[string, FetchLike]>([
  ['fetch', fetch],
  ['nodeFetch', nodeFetch],
])('%s', (_, send) => {
  it('sends the method, headers and body, and reads the status, a header and the body', async () => {
    const origin = await serve((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () =>
        response
          .writeHead(201, { Location: '/made', 'Content-Type': 'application/json' })
          .end(JSON.stringify({ method: request.method, type: request.headers['content-type'], body })),
      );
    });
    const reply = await send(`${origin}/x`, { method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: 'v=0 ü' });
    const chunks: Uint8Array[] = [];
    for await (const chunk of reply.body ?? []) chunks.push(chunk);
    expect(reply.status).toBe(201);
    expect(reply.headers.get('Location')).toBe('/made');
    expect(JSON.parse(Buffer.concat(chunks).toString())).toEqual({ method: 'POST', type: 'application/sdp', body: 'v=0 ü' });
  });

  it('rejects a refused connection as "fetch failed" with the reason as its cause', async () => {
    const origin = await serve(() => undefined);
    servers[0]!.close();
    const failed = await send(origin).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(TypeError);
    expect((failed as Error).message).toBe('fetch failed');
    expect(((failed as Error).cause as Error).message).toMatch(/ECONNREFUSED/);
  });

  it('rejects with the signal’s reason when aborted before the reply', async () => {
    const origin = await serve(() => undefined);
    const controller = new AbortController();
    const sent = send(origin, { signal: controller.signal });
    controller.abort(timeout());
    await expect(sent).rejects.toMatchObject({ name: 'TimeoutError', message: 'No response within 1 ms' });
  });

  it('fails the body with the signal’s reason when aborted while it is read', async () => {
    const origin = await serve((_request, response) => response.writeHead(200).write('{"partly":'));
    const controller = new AbortController();
    const reply = await send(origin, { signal: controller.signal });
    const read = (async () => {
      for await (const _chunk of reply.body ?? []) controller.abort(timeout());
    })();
    await expect(read).rejects.toMatchObject({ name: 'TimeoutError', message: 'No response within 1 ms' });
  });
});

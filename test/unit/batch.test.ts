// UCWA's batch resource (batch_ref, "Batching requests"): the local service answers a multipart/batching POST
// part by part through its own routes, refuses what is no batch; the client's reader (main/ucwa/batch.ts)
// turns each part into that GET's own outcome and a hostile reply into typed errors.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { writeBatching } from '../../main/ucwa/batchFormat.js';
import { getInBatch } from '../../main/ucwa/batch.js';
import { HttpError, MalformedError, NetworkError } from '../../main/ucwa/errors.js';
import { UcwaHttp } from '../../main/ucwa/http.js';
import { nodeFetch } from '../../main/ucwa/nodeFetch.js';
import { httpSessionPerTest } from '../support/httpSession.js';

const ADA = 'sip:answers@softphone.local';
const session = httpSessionPerTest();

/** POSTs `body` to the application's batch link as `contentType`, and gives back the reply's status and text. */
async function postBatch(s: Awaited<ReturnType<typeof session>>, body: string, contentType: `multipart/${string}`) {
  const { client } = s;
  const batchUrl = client.http.resolve(client.application.batch!, client.base);
  return client.http.read(batchUrl, async (chunks, _where, headers) => ({ contentType: headers.get('content-type'), text: await text(chunks) }), {
    method: 'POST',
    body: { multipart: body, contentType },
    accept: 'multipart/batching',
  });
}

async function text(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  const all: Uint8Array[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return Buffer.concat(all).toString('utf8');
}

const getRequest = (path: string) => ({ startLine: `GET ${path} HTTP/1.1`, headers: new Map([['Accept', 'application/json']]), body: '' });

describe('the local service’s batch resource', () => {
  it('answers each part as the route would alone, in order, with the batch’s token: a contactPresence, a 404, the user’s presence', async () => {
    const s = await session();
    const { client } = s;
    expect(client.application.batch).toBeDefined();
    const app = client.base.pathname;
    const paths = [`${app}/people/${encodeURIComponent(ADA)}/contactPresence`, `${app}/people/nobody/contactPresence`, `${app}/me/presence`];
    const outcomes = await getInBatch(
      client.http,
      client.http.resolve(client.application.batch!, client.base),
      paths.map((path) => new URL(path, client.base)),
    );
    expect(outcomes.map((outcome) => ('json' in outcome ? outcome.json : outcome.error))).toEqual([
      expect.objectContaining({ rel: 'contactPresence', availability: expect.any(String) }),
      expect.objectContaining({ status: 404, code: 'NotFound' }),
      await s.get(paths[2]!),
    ]);
    const batch = writeBatching(paths.map(getRequest), 'request');
    expect(s.service.people.presence.gets(ADA)).toBe(1);
    expect(s.service.batches).toEqual({ received: 1, parts: 3 });
    // The raw reply: multipart/batching, each part an application/http response.
    const raw = await postBatch(s, batch.body, batch.contentType);
    expect(raw.contentType).toMatch(/^multipart\/batching; boundary="[^"]+"$/);
    expect(raw.text.match(/Content-Type: application\/http; msgtype=response\r\n\r\nHTTP\/1\.1 (\d{3})/g)?.map((line) => line.slice(-3))).toEqual([
      '200',
      '404',
      '200',
    ]);
  });

  it('refuses a body that is no batch with 400 and one of another type with 415, before any part runs', async () => {
    const s = await session();
    const app = s.client.base.pathname;
    const good = writeBatching([getRequest(`${app}/people/${encodeURIComponent(ADA)}/contactPresence`)], 'request');
    const refused = async (body: string, contentType: `multipart/${string}` = good.contentType) => {
      const error = await postBatch(s, body, contentType).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(HttpError);
      return (error as HttpError).status;
    };
    expect(await refused('no parts at all')).toBe(400);
    expect(await refused(good.body.replace('msgtype=request', 'msgtype=response'))).toBe(400);
    expect(await refused(good.body.replace(/GET \S+ HTTP\/1\.1/, 'GET http://elsewhere.example/ucwa HTTP/1.1'))).toBe(400);
    expect(await refused(good.body.replace(/GET \S+ HTTP\/1\.1/, 'FETCH it please'))).toBe(400);
    expect(await refused(writeBatching([getRequest(`${app}/events?ack=1`)], 'request').body)).toBe(400);
    expect(await refused(writeBatching([getRequest(`${app}/batch`)], 'request').body)).toBe(400);
    expect(await refused(good.body, 'multipart/mixed; boundary=x')).toBe(415);
    expect(s.service.people.presence.gets(ADA)).toBe(0);
    expect(s.service.batches.received).toBe(0);
  });

  it('refuses a batch of more than 100 requests with 429 TooManyRequests, running none of them', async () => {
    const s = await session();
    const app = s.client.base.pathname;
    const batch = writeBatching(
      Array.from({ length: 101 }, () => getRequest(`${app}/people/${encodeURIComponent(ADA)}/contactPresence`)),
      'request',
    );
    await expect(postBatch(s, batch.body, batch.contentType)).rejects.toMatchObject({ status: 429, code: 'TooManyRequests' });
    expect(s.service.people.presence.gets(ADA)).toBe(0);
  });

  it('has no batch link, and no batch resource, where it offers none', async () => {
    const s = await session({ batch: false });
    const { client } = s;
    expect(client.application.batch).toBeUndefined();
    const batch = writeBatching([getRequest(`${client.base.pathname}/me/presence`)], 'request');
    await expect(
      client.http.read(new URL(`${client.base.pathname}/batch`, client.base), async () => undefined, {
        method: 'POST',
        body: { multipart: batch.body, contentType: batch.contentType },
      }),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe('the client’s batch reader', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  /** A server whose every batch reply is `reply` (Content-Type and body), and the client's HTTP pinned to it. */
  async function hostile(contentType: string, body: string) {
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(200, { 'Content-Type': contentType }).end(body));
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const http = new UcwaHttp(nodeFetch, 'softphone-test');
    http.allowOrigin(origin);
    const urls = ['/ucwa/a', '/ucwa/b'].map((path) => new URL(path, origin));
    return () => getInBatch(http, new URL('/ucwa/batch', origin), urls);
  }

  const part = (message: string) => `--b\r\nContent-Type: application/http; msgtype=response\r\n\r\n${message}\r\n`;
  const ok = (json: string) => part(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n${json}`);

  it('gives each part its own outcome: JSON, an HTTP error with its code, a part that is no response or whose JSON is broken', async () => {
    const both = await hostile(
      'multipart/batching; boundary="b"',
      `${ok('{"availability":"Busy"}')}${part('HTTP/1.1 503 Service Unavailable\r\n\r\n{"code":"ServiceFailure"}')}--b--\r\n`,
    );
    const [first, second] = await both();
    expect(first).toMatchObject({ json: { availability: 'Busy' } });
    expect(second).toMatchObject({ error: expect.objectContaining({ status: 503, code: 'ServiceFailure' }) });
    const broken = await hostile('multipart/batching; boundary="b"', `${part('SIP/2.0 200 OK\r\n\r\n{}')}${ok('{"availability":')}--b--`);
    const outcomes = await broken();
    expect(outcomes.map((outcome) => 'error' in outcome && outcome.error)).toEqual([expect.any(MalformedError), expect.any(MalformedError)]);
  });

  it('refuses a reply that is no batch, has parts of requests, too few parts or too many, with a MalformedError', async () => {
    const replies: Array<[string, string]> = [
      ['application/json', '{}'],
      ['multipart/batching', `${ok('{}')}${ok('{}')}--b--`],
      ['multipart/batching; boundary="b"', 'nothing but a preamble'],
      ['multipart/batching; boundary="b"', `${ok('{}')}--b--`],
      ['multipart/batching; boundary="b"', `${ok('{}')}${ok('{}')}${ok('{}')}--b--`],
      ['multipart/batching; boundary="b"', `${ok('{}')}${part('GET /ucwa/b HTTP/1.1\r\n\r\n').replace('response', 'request')}--b--`],
      ['multipart/batching; boundary="b"', ok('{}').repeat(101)],
    ];
    for (const [contentType, body] of replies) await expect((await hostile(contentType, body))()).rejects.toBeInstanceOf(MalformedError);
  });

  it('fails as a whole, typed, when the batch gets no answer', async () => {
    const http = new UcwaHttp(nodeFetch, 'softphone-test');
    const closed = new URL('http://127.0.0.1:9');
    http.allowOrigin(closed);
    await expect(getInBatch(http, new URL('/ucwa/batch', closed), [new URL('/ucwa/a', closed)])).rejects.toBeInstanceOf(NetworkError);
  });
});

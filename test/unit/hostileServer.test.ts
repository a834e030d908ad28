// A hostile server's replies are bounded before they are parsed: JSON nested deeper than any UCWA
// resource is refused with a typed error, however small its text, and an event batch as soon as the
// part that is too deep arrives; and one that answers the event channel at once with nothing is not
// asked again at once.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseJsonText } from '../../main/storage/jsonText.js';
import { MalformedError, type UcwaError } from '../../main/ucwa/errors.js';
import { EventChannel } from '../../main/ucwa/eventChannel.js';
import { UcwaHttp } from '../../main/ucwa/http.js';

describe('a hostile server', () => {
  it('sends 2 MB of nested arrays: the client refuses it as nested too deep, with a typed error', async () => {
    const nested = `${'['.repeat(1024 * 1024)}${']'.repeat(1024 * 1024)}`;
    const server = createServer((_, response) => response.writeHead(200, { 'Content-Type': 'application/json' }).end(nested));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/ucwa/x`);
      const http = new UcwaHttp(fetch, 'softphone-test');
      http.allowOrigin(url);
      await expect(http.get(url)).rejects.toThrow(MalformedError);
      await expect(http.get(url)).rejects.toThrow(/not valid JSON/);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('sends an event batch nested too deep in its first chunk and holds the rest: the channel refuses it at once and lets the response go', async () => {
    let response: ServerResponse | undefined;
    const server = createServer((_, answer) => {
      response = answer;
      answer.writeHead(200, { 'Content-Type': 'application/json' });
      // Past the 64 KiB a batch is read whole up to, then too deep.
      answer.write(
        `{"_links":{"next":{"href":"/ucwa/events?ack=2"}},"sender":[{"rel":"communication","href":"/c","events":[${' '.repeat(70_000)}${'['.repeat(100)}`,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const eventsUrl = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/ucwa/events?ack=1`);
    const http = new UcwaHttp(fetch, 'softphone-test');
    http.allowOrigin(eventsUrl);
    // The channel waits before asking again until it is stopped: one request is all this test looks at.
    const clock = {
      now: () => 0,
      sleep: (_: number, signal: AbortSignal) => new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve())),
    };
    let refused: (error: UcwaError) => void = () => {};
    const problem = new Promise<UcwaError>((resolve) => (refused = resolve));
    const channel = new EventChannel(
      { http, eventsUrl, clock },
      { onBatch: async () => {}, onResync: async () => {}, onProblem: (error) => refused(error), onFatal: () => {} },
    );
    try {
      channel.start();
      const error = await problem;
      expect(error).toBeInstanceOf(MalformedError);
      expect(error.message).toBe('Malformed response from /ucwa/events: body is not valid JSON');
      // The client hung up on the response the server had not finished.
      if (!response!.closed) await new Promise((resolve) => response!.once('close', resolve));
      expect(response!.writableEnded).toBe(false);
    } finally {
      await channel.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('reads JSON as deep as real resources, and no deeper than 64 levels', () => {
    expect(parseJsonText('{"_embedded":{"x":{"_links":{"self":{"href":"/a"}}}}}')).toEqual({ _embedded: { x: { _links: { self: { href: '/a' } } } } });
    expect(parseJsonText(`${'['.repeat(64)}${']'.repeat(64)}`)).toBeInstanceOf(Array);
    expect(() => parseJsonText(`${'['.repeat(65)}${']'.repeat(65)}`)).toThrow(/deeper than 64/);
    // Brackets inside strings are text, however many.
    expect(parseJsonText(JSON.stringify({ text: '['.repeat(100) }))).toEqual({ text: '['.repeat(100) });
  });

  it('answers the event channel at once with nothing: from the second such batch in a row, the next GET waits 0.5 s, doubling to 8 s', async () => {
    // The channel's clock is the test's: pauses are recorded and pass at once, and only the test moves time on.
    let now = 0;
    const pauses: number[] = [];
    const clock = {
      now: () => now,
      sleep: async (ms: number) => {
        pauses.push(ms);
        now += ms;
      },
    };
    const held: ServerResponse[] = [];
    const arrivals: Array<() => void> = [];
    const arrived = (count: number) => new Promise<void>((resolve) => (arrivals[count] = resolve));
    let requests = 0;
    const batch = (ack: number, next: number, withEvent = false) =>
      JSON.stringify({
        _links: { self: { href: `/ucwa/events?ack=${ack}` }, next: { href: `/ucwa/events?ack=${next}` } },
        ...(withEvent && {
          sender: [
            { rel: 'communication', href: '/ucwa/communication', events: [{ link: { rel: 'messagingInvitation', href: '/ucwa/i/1' }, type: 'started' }] },
          ],
        }),
      });
    // Requests 8, 11 and 14 are held until the test answers them; every other one is answered at once with
    // an empty batch, except 12 and 13, which repeat batch 8.
    const server = createServer((request, response) => {
      const count = ++requests;
      const ack = Number(new URL(request.url ?? '', 'http://x').searchParams.get('ack'));
      if ([8, 11, 14].includes(count)) held.push(response);
      else response.writeHead(200, { 'Content-Type': 'application/json' }).end(count === 12 || count === 13 ? batch(8, ack + 1) : batch(ack, ack + 1));
      arrivals[count]?.();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const eventsUrl = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/ucwa/events?ack=1`);
    const http = new UcwaHttp(fetch, 'softphone-test');
    http.allowOrigin(eventsUrl);
    const problems: UcwaError[] = [];
    const handlers = { onBatch: async () => {}, onResync: async () => {}, onProblem: (error: UcwaError) => problems.push(error), onFatal: () => {} };
    const channel = new EventChannel({ http, eventsUrl, clock }, handlers);
    const answer = (body: string) => held.shift()!.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
    try {
      const eighth = arrived(8);
      channel.start();
      await eighth;
      expect(pauses).toEqual([500, 1000, 2000, 4000, 8000, 8000]);

      // A batch with an event starts over: the next empty one at once is asked again at once, the one after waits.
      const eleventh = arrived(11);
      answer(batch(8, 9, true));
      await eleventh;
      expect(pauses.slice(6)).toEqual([500]);

      // So does an empty batch the server held a while; a batch already processed counts as nothing.
      const fourteenth = arrived(14);
      now += 60_000;
      answer(batch(11, 12));
      await fourteenth;
      expect(pauses.slice(7)).toEqual([500]);
      expect(problems.map((problem) => problem.message)).toEqual([
        'Malformed events._links.self: batch ack=8 was already processed',
        'Malformed events._links.self: batch ack=8 was already processed',
      ]);
    } finally {
      await channel.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

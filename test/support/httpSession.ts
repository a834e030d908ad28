import { afterEach, expect } from 'vitest';
import type { LocalServiceOptions, LocalUcwaService } from '../../main/local/service.js';
import { decodeDataUri } from '../../main/ucwa/dataUri.js';
import type { UcwaEvent } from '../../main/ucwa/events.js';
import type { RequestBody } from '../../main/ucwa/http.js';
import { connectClient, eventually, startService, type Connected } from './localServer.js';

export type Resource = { [property: string]: unknown; _links: Record<string, { href: string } | undefined> };

/** The SDP in a resource's data-URI link (mediaOffer, mediaAnswer). */
export const sdpOf = (resource: Resource | undefined, rel: string) => decodeDataUri(resource?._links[rel]?.href ?? '', rel).text;

/**
 * For tests that speak HTTP to the local service with the UCWA client's HTTP layer, the controller not
 * involved: the returned function signs in, one session per test. After each test the session must have
 * met no problem; what was handed to `closeAfterTest` is closed, then the session stopped.
 */
export function httpSessionPerTest() {
  let session: (Connected & { service: LocalUcwaService }) | undefined;
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    try {
      expect(session?.problems ?? []).toEqual([]);
    } finally {
      await Promise.all(closers.splice(0).map((close) => close()));
      await session?.client.close();
      await session?.service.stop();
      session = undefined;
    }
  });
  return async (options: LocalServiceOptions = {}) => {
    const { service, rootUrl } = await startService(options);
    const connected = await connectClient(service, rootUrl);
    connected.client.listen();
    session = { service, ...connected };
    const { client, batches } = connected;
    const url = (href: string) => client.http.resolve(href, client.base);
    const events = () => batches.flatMap((batch) => batch.events);
    return {
      service,
      client,
      events,
      get: async (href: string) => (await client.http.get(url(href))).json as Resource,
      post: (href: string, body?: RequestBody) => client.http.post(url(href), body ? { body } : {}),
      put: (href: string, json: unknown) => client.http.request('PUT', url(href), { body: { json } }),
      remove: (href: string) => client.remove(href, client.base),
      /** The first event from `mark` on that `matches`. */
      nextEvent: (what: string, mark: number, matches: (event: UcwaEvent) => boolean) => eventually(what, () => events().slice(mark).find(matches)),
      closeAfterTest: (close: () => Promise<void>) => void closers.push(close),
    };
  };
}

export type HttpSession = Awaited<ReturnType<ReturnType<typeof httpSessionPerTest>>>;

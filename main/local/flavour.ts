// The Trusted Application API's flavour of the same resources and events: every rel but `self` carries
// the `ms:rtc:saas:` prefix (the messaging invitation's page, 004 in test/fixtures/ucwa-docs).
import type { ServiceEvent } from './eventQueue.js';

/** `ucwa`: plain rels; `saas`: the Trusted Application API's `ms:rtc:saas:` rels on the same resources. */
export type Flavour = 'ucwa' | 'saas';

const PREFIX = 'ms:rtc:saas:';

/** Prefixed once: a resource already written in the flavour is left as it is. */
function prefixed(rel: string): string {
  return rel.startsWith(PREFIX) ? rel : `${PREFIX}${rel}`;
}

/** `_links` with their rels prefixed in the Trusted Application API's flavour, `self` left as it is. */
export function prefixedLinks<T extends Record<string, unknown>>(links: T, flavour: Flavour = 'saas'): T {
  if (flavour === 'ucwa') return links;
  return Object.fromEntries(Object.entries(links).map(([rel, link]) => [rel === 'self' ? rel : prefixed(rel), link])) as T;
}

/** A resource as the flavour writes it: its rel and its links' rels. */
export function resourceIn<T>(flavour: Flavour, resource: T): T {
  if (flavour === 'ucwa' || !resource || typeof resource !== 'object') return resource;
  const json = resource as { rel?: string; _links?: Record<string, unknown> };
  return {
    ...json,
    ...(json.rel !== undefined && { rel: prefixed(json.rel) }),
    ...(json._links && { _links: prefixedLinks(json._links) }),
  } as T;
}

/** An event as the flavour writes it: its sender, link and collection rels, and the resource it embeds. */
export function eventIn(flavour: Flavour, event: ServiceEvent): ServiceEvent {
  if (flavour === 'ucwa') return event;
  const ref = (link: { rel: string; href: string }) => ({ ...link, rel: prefixed(link.rel) });
  return {
    ...event,
    sender: ref(event.sender),
    link: ref(event.link),
    ...(event.in && { in: ref(event.in) }),
    ...(event._embedded && {
      _embedded: Object.fromEntries(Object.entries(event._embedded).map(([rel, json]) => [prefixed(rel), resourceIn(flavour, json)])),
    }),
  };
}

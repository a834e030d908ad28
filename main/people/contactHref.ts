import type { Links } from '../ucwa/resources.js';

/** Where someone's contact is (contact_ref): people/{uri} under the people resource; undefined where the server has none. */
export function contactHref(people: Links, uri: string): string | undefined {
  const self = people.get('self');
  return self === undefined ? undefined : `${self.replace(/\/$/, '')}/${encodeURIComponent(uri)}`;
}

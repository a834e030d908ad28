// How urgently UCWA sends each event, from the "Events" tables of the reference pages (Priority: High,
// Medium or Low). Only Medium and Low rels are listed: every other event, invitations first, is High.
// `contact` is High, Medium or Low depending on the change, so it stays High here.
export type EventPriority = 'High' | 'Medium' | 'Low';

const DEFERRABLE: ReadonlyMap<string, EventPriority> = new Map([
  ['contactPresence', 'Medium'],
  ['contactNote', 'Medium'],
  ['contactLocation', 'Medium'],
  ['contactPrivacyRelationship', 'Medium'],
  ['contactSupportedModalities', 'Medium'],
  ['presenceSubscription', 'Medium'],
  ['myContactsAndGroupsSubscription', 'Medium'],
  ['me', 'Medium'],
  ['presence', 'Medium'],
  ['note', 'Medium'],
  ['location', 'Medium'],
  ['communication', 'Medium'],
  ['policies', 'Medium'],
  ['myOrganizationGroup', 'Low'],
]);

/** The priority of an event about a resource of this rel. */
export function eventPriority(rel: string): EventPriority {
  return DEFERRABLE.get(rel) ?? 'High';
}

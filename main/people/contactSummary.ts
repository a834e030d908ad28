// A contact resource (contact_ref) read into the person the windows show: wherever contacts come from
// (search results, a card, the contact list's groups), each is read here. A contact without a usable
// address is refused with a MalformedError; a property that is too long, of the wrong kind or carries
// control characters (line breaks, bidi overrides) is left out, the rest kept.
import * as z from '../../preload/shared/zod/zod.js';
import type { PersonSummary, PhoneKind } from '../../preload/shared/people.js';
import { linksSchema, parseWith, readLinks, type Links } from '../ucwa/resources.js';

/** A SIP address or an E.164 number: what the app can call or message. */
const CONTACT_URI = /^(sip:[^\s@<>"]{1,256}@[A-Za-z0-9.-]{1,253}|tel:\+\d{7,15})$/;
const MAX_TEXT = 256;

/** Text a card shows: no control characters and a sane length, else left out. */
const text = z
  .string()
  .trim()
  .min(1)
  .max(MAX_TEXT)
  .regex(/^[^\p{Cc}\u202a-\u202e\u2066-\u2069]*$/u)
  .optional()
  .catch(undefined);
/** A published number as the Call field takes it, or left out when it is not E.164 (telNumberOf). */
const number = z
  .string()
  .max(100)
  .transform((published) => telNumberOf(published))
  .optional()
  .catch(undefined);

const contactSchema = z.looseObject({
  uri: z.string().max(2048).regex(CONTACT_URI),
  name: text,
  title: text,
  department: text,
  company: text,
  office: text,
  emailAddresses: z.array(z.unknown()).max(32).optional().catch(undefined),
  workPhoneNumber: number,
  mobilePhoneNumber: number,
  homePhoneNumber: number,
  otherPhoneNumber: number,
  type: z.enum(['User', 'Phone', 'Bot']).optional().catch(undefined),
  _links: linksSchema.optional().catch(undefined),
});

const KINDS = { User: 'user', Phone: 'phone', Bot: 'bot' } as const;
const PHONES: ReadonlyArray<[PhoneKind, 'workPhoneNumber' | 'mobilePhoneNumber' | 'homePhoneNumber' | 'otherPhoneNumber']> = [
  ['work', 'workPhoneNumber'],
  ['mobile', 'mobilePhoneNumber'],
  ['home', 'homePhoneNumber'],
  ['other', 'otherPhoneNumber'],
];

/** A published number as `tel:+digits` (visual separators and parameters such as ;ext= dropped), or undefined when it is not E.164. */
export function telNumberOf(published: string): string | undefined {
  const digits = published
    .trim()
    .replace(/^tel:/i, '')
    .split(';')[0]!
    .replace(/[\s\-.()]/g, '');
  return /^\+[1-9]\d{6,14}$/.test(digits) ? `tel:${digits}` : undefined;
}

/** A contact as read: the person and the contact's links (self, contactNote, contactLocation, contactPhoto…). */
export type ReadContact = { person: PersonSummary; links: Links };

export function readContact(json: unknown, what: string): ReadContact {
  const contact = parseWith(contactSchema, json, what);
  const email = contact.emailAddresses?.find((address): address is string => text.safeParse(address).data !== undefined);
  const person: PersonSummary = {
    uri: contact.uri,
    name: contact.name ?? contact.uri.replace(/^(sip|tel):/, ''),
    ...(contact.title !== undefined && { title: contact.title }),
    ...(contact.department !== undefined && { department: contact.department }),
    ...(contact.company !== undefined && { company: contact.company }),
    ...(contact.office !== undefined && { office: contact.office }),
    ...(email !== undefined && { email }),
    phones: PHONES.flatMap(([kind, property]) => (contact[property] ? [{ kind, number: contact[property] }] : [])),
    kind: KINDS[contact.type ?? (contact.uri.startsWith('tel:') ? 'Phone' : 'User')],
  };
  return { person, links: readLinks(contact._links) };
}

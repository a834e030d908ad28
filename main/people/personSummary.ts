// A `contact` resource (contact_ref, as search results embed it) read into the person the windows show:
// bounded fields, control characters refused, the published numbers as tel:+digits, the type as a kind.
import { z } from 'zod';
import type { PersonSummary, PhoneKind } from '../../preload/shared/people.js';
import { parseWith } from '../ucwa/resources.js';

/** Text a card shows: no control characters (line breaks, bidi overrides) and a sane length. */
const text = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[^\p{Cc}\u202a-\u202e\u2066-\u2069]*$/u, 'control characters');

const PHONE_PROPERTIES = { workPhoneNumber: 'work', mobilePhoneNumber: 'mobile', homePhoneNumber: 'home', otherPhoneNumber: 'other' } as const;
const phone = z.string().max(100).optional();

const contactSchema = z.looseObject({
  uri: text(256).regex(/^(sip:[^@\s]+@[^@\s]+|tel:\+?[\d\-.() ]+(;.*)?)$/i, 'not a sip: or tel: address'),
  name: text(256).optional(),
  title: text(256).optional(),
  department: text(256).optional(),
  company: text(256).optional(),
  office: text(256).optional(),
  emailAddresses: z.array(text(256)).max(16).optional(),
  type: z.string().max(64).optional(),
  workPhoneNumber: phone,
  mobilePhoneNumber: phone,
  homePhoneNumber: phone,
  otherPhoneNumber: phone,
});

const KINDS: Record<string, PersonSummary['kind']> = { user: 'user', phone: 'phone', bot: 'bot' };

/** A published number as `tel:+digits` (visual separators and parameters such as ;ext= dropped), or undefined when it is not E.164. */
export function telNumberOf(published: string): string | undefined {
  const number = published
    .trim()
    .replace(/^tel:/i, '')
    .split(';')[0]!
    .replace(/[\s\-.()]/g, '');
  return /^\+[1-9]\d{6,14}$/.test(number) ? `tel:${number}` : undefined;
}

/** The person a contact resource describes; MalformedError (naming the field) for one out of bounds or hostile. */
export function personSummaryOf(json: unknown, where: string): PersonSummary {
  const contact = parseWith(contactSchema, json, where);
  const phones = Object.entries(PHONE_PROPERTIES).flatMap(([property, kind]: [string, PhoneKind]) => {
    const published = contact[property as keyof typeof PHONE_PROPERTIES];
    const number = published === undefined ? undefined : telNumberOf(published);
    return number === undefined ? [] : [{ kind, number }];
  });
  const email = contact.emailAddresses?.[0];
  return {
    uri: contact.uri,
    name: contact.name?.trim() || contact.uri.replace(/^(sip|tel):/i, ''),
    ...(contact.title && { title: contact.title }),
    ...(contact.department && { department: contact.department }),
    ...(contact.company && { company: contact.company }),
    ...(contact.office && { office: contact.office }),
    ...(email && { email }),
    phones,
    kind: KINDS[contact.type?.toLowerCase() ?? ''] ?? 'user',
  };
}

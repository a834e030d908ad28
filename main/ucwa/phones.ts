// The person's own phones as the server knows them (me → phones, each `phone` with its number and type),
// and telling the server which one to reach them on once signed in (PUT communication's phoneNumber).
import * as z from '../../preload/shared/zod/zod.js';
import { AVAILABLE_MODALITIES, type Application } from './application.js';
import { HttpError, MalformedError } from './errors.js';
import type { UcwaHttp } from './http.js';
import { parseWith } from './resources.js';

/** One of the numbers the server lists for the person: Work, Mobile, Home or Other (the sample writes " Home"). */
export type ListedPhone = { type: string; number: string };

const phoneSchema = z.looseObject({ number: z.string().max(100).optional(), type: z.string().max(32).optional() });
const phonesSchema = z.looseObject({
  _embedded: z.looseObject({ phone: z.union([phoneSchema, z.array(phoneSchema).max(32)]).optional() }).optional(),
});
const communicationSchema = z.looseObject({ supportedModalities: z.array(z.string().max(64)).max(16).optional() });

/**
 * GET me/phones where `me` links it. A user not enabled for Enterprise Voice gets 403: no numbers then,
 * which is what that means.
 */
export async function readPhones(http: UcwaHttp, application: Application): Promise<ListedPhone[]> {
  const href = application.me.get('phones');
  if (href === undefined) return [];
  let json: unknown;
  try {
    json = (await http.get(http.resolve(href, application.self))).json;
  } catch (error) {
    if (error instanceof HttpError && error.status === 403) return [];
    throw error;
  }
  const phone = parseWith(phonesSchema, json, 'phones')._embedded?.phone;
  return (Array.isArray(phone) ? phone : phone ? [phone] : []).flatMap(({ number, type }) =>
    number === undefined ? [] : [{ number: number.trim(), type: type?.trim() ?? 'Other' }],
  );
}

/**
 * The number changed after makeMeAvailable (which may be asked once only: 409 AlreadyExists): the
 * documented way is a PUT of `communication` with the new phoneNumber, guarded by the ETag of a fresh
 * GET, and PhoneAudio among the modalities while there is a number.
 */
export async function reachOnPhone(http: UcwaHttp, application: Application, phoneNumber: string | undefined): Promise<void> {
  const href = application.communication.get('self');
  if (href === undefined) throw new MalformedError('communication._links.self', 'missing');
  const url = http.resolve(href, application.self);
  const current = await http.get(url);
  const modalities = (parseWith(communicationSchema, current.json, 'communication').supportedModalities ?? [...AVAILABLE_MODALITIES]).filter(
    (modality) => modality !== 'PhoneAudio',
  );
  const etag = current.headers.get('etag');
  await http.request('PUT', url, {
    body: {
      json: {
        supportedModalities: phoneNumber === undefined ? modalities : [...modalities, 'PhoneAudio'],
        ...(phoneNumber !== undefined && { phoneNumber }),
      },
    },
    ...(etag !== null && { ifMatch: etag }),
  });
}

import * as z from '../../preload/shared/zod/zod.js';
import { HttpError, MalformedError } from './errors.js';
import type { UcwaHttp } from './http.js';
import { linksSchema, parseWith, readLinks, type Links } from './resources.js';

const embeddedSchema = z.looseObject({ _links: linksSchema.optional() });
const meSchema = embeddedSchema.extend({ uri: z.string().max(256).optional() });

const applicationSchema = z.looseObject({
  _links: linksSchema,
  _embedded: z.looseObject({ me: meSchema.optional(), people: embeddedSchema.optional(), communication: embeddedSchema.optional() }).optional(),
});

export type Application = {
  self: URL;
  events: URL;
  me: Links;
  /** Where the directory, the contact list and colleagues' presence are (search, myContacts, presenceSubscriptions…). */
  people: Links;
  communication: Links;
  /** The batch resource's href (many requests in one), where the server offers it. */
  batch: string | undefined;
  /** The signed-in user's SIP URI, as `me` gives it. */
  user: string | undefined;
  /** Where the user's policies are (policies_ref: voicemailUri…). */
  policies: string | undefined;
};

export type ApplicationIdentity = { userAgent: string; endpointId: string; culture: string };

/** POST `applications`: the server answers 201 with the application, `me` and `communication` embedded. */
export async function createApplication(http: UcwaHttp, applicationsUrl: URL, identity: ApplicationIdentity): Promise<Application> {
  const response = await http.post(applicationsUrl, {
    body: { json: { UserAgent: identity.userAgent, EndpointId: identity.endpointId, Culture: identity.culture } },
  });
  const raw = parseWith(applicationSchema, response.json, 'application');
  const links = readLinks(raw._links);
  const self = links.get('self');
  const events = links.get('events');
  if (self === undefined) throw new MalformedError('application._links.self', 'missing');
  if (events === undefined) throw new MalformedError('application._links.events', 'missing');
  const selfUrl = http.resolve(self, applicationsUrl);
  return {
    self: selfUrl,
    events: http.resolve(events, selfUrl),
    me: readLinks(raw._embedded?.me?._links),
    people: readLinks(raw._embedded?.people?._links),
    communication: readLinks(raw._embedded?.communication?._links),
    batch: links.get('batch'),
    user: raw._embedded?.me?.uri,
    policies: links.get('policies'),
  };
}

/** Documented ModalityType values; there is no `AudioVideo`. */
export const AVAILABLE_MODALITIES = ['Audio', 'Video', 'Messaging'] as const;

/** Answering on a desk or mobile phone (acceptWithPhoneAudio) needs the number up front; `signInAs` is the availability colleagues first see. */
export type Availability = { phoneNumber?: string; signInAs?: string };

/**
 * makeMeAvailable with the documented modalities. PhoneAudio is asked for only with a phone number; a
 * server whose policy refuses it (403) is asked again without it, so calls still reach the computer.
 */
export async function makeMeAvailable(http: UcwaHttp, application: Application, availability: Availability = {}): Promise<void> {
  const href = application.me.get('makeMeAvailable');
  if (href === undefined) return; // Already available: the link is only offered while it is needed.
  const url = http.resolve(href, application.self);
  const signInAs = availability.signInAs ?? 'Online';
  const body = (modalities: readonly string[], phone: { phoneNumber?: string }) => ({
    json: { signInAs, supportedModalities: modalities, supportedMessageFormats: ['Plain', 'Html'], ...phone },
  });
  if (availability.phoneNumber !== undefined) {
    const withPhone = [...AVAILABLE_MODALITIES, 'PhoneAudio'];
    try {
      await http.post(url, { body: body(withPhone, { phoneNumber: availability.phoneNumber }) });
      return;
    } catch (error) {
      if (!(error instanceof HttpError && error.status === 403)) throw error;
    }
  }
  await http.post(url, { body: body(AVAILABLE_MODALITIES, {}) });
}

export async function reportMyActivity(http: UcwaHttp, application: Application): Promise<void> {
  const href = application.me.get('reportMyActivity');
  if (href === undefined) throw new MalformedError('me._links.reportMyActivity', 'missing');
  await http.post(http.resolve(href, application.self));
}

import { z } from 'zod';
import { MalformedError } from './errors.js';
import type { UcwaHttp } from './http.js';
import { linksSchema, parseWith, readLinks, type Links } from './resources.js';

const embeddedSchema = z.looseObject({ _links: linksSchema.optional() });

const applicationSchema = z.looseObject({
  _links: linksSchema,
  _embedded: z
    .looseObject({ me: embeddedSchema.optional(), communication: embeddedSchema.optional() })
    .optional(),
});

export type Application = {
  self: URL;
  events: URL;
  me: Links;
  communication: Links;
};

export type ApplicationIdentity = { userAgent: string; endpointId: string; culture: string };

/** POST `applications`: the server answers 201 with the application, `me` and `communication` embedded. */
export async function createApplication(
  http: UcwaHttp,
  applicationsUrl: URL,
  identity: ApplicationIdentity,
): Promise<Application> {
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
    communication: readLinks(raw._embedded?.communication?._links),
  };
}

/** Documented ModalityType values; there is no `AudioVideo`. */
export const AVAILABLE_MODALITIES = ['Audio', 'Video', 'Messaging'] as const;

export async function makeMeAvailable(http: UcwaHttp, application: Application): Promise<void> {
  const href = application.me.get('makeMeAvailable');
  if (href === undefined) return; // Already available: the link is only offered while it is needed.
  await http.post(http.resolve(href, application.self), {
    body: {
      json: {
        signInAs: 'Online',
        supportedModalities: AVAILABLE_MODALITIES,
        supportedMessageFormats: ['Plain', 'Html'],
      },
    },
  });
}

export async function reportMyActivity(http: UcwaHttp, application: Application): Promise<void> {
  const href = application.me.get('reportMyActivity');
  if (href === undefined) throw new MalformedError('me._links.reportMyActivity', 'missing');
  await http.post(http.resolve(href, application.self));
}

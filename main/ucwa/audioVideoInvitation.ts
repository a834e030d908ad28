import { z } from 'zod';
import { decodeDataUri } from './dataUri.js';
import { MalformedError } from './errors.js';
import { linksSchema, parseWith, readLinks, type Links } from './resources.js';

const participantSchema = z.looseObject({
  name: z.string().max(256).optional(),
  uri: z.string().max(2048).optional(),
  _links: linksSchema.optional(),
});

const audioVideoInvitationSchema = z.looseObject({
  direction: z.enum(['Incoming', 'Outgoing']),
  state: z.string().max(64),
  sessionContext: z.string().max(50).optional(),
  operationId: z.string().max(50).optional(),
  threadId: z.string().max(256).optional(),
  subject: z.string().max(250).optional(),
  importance: z.string().max(32).optional(),
  to: z.string().max(2048).optional(),
  _links: linksSchema,
  _embedded: z.looseObject({ from: participantSchema.optional() }).optional(),
});

export type Participant = { name: string; uri: string };

export type AudioVideoInvitation = {
  /** The resource's own URL: the base its relative hrefs resolve against. */
  base: URL;
  direction: 'Incoming' | 'Outgoing';
  state: string;
  sessionContext?: string;
  operationId?: string;
  threadId?: string;
  subject: string;
  importance: string;
  from: Participant;
  links: Links;
  /** The decoded `mediaOffer` data URI. */
  offerSdp?: string;
};

export function parseAudioVideoInvitation(json: unknown, base: URL): AudioVideoInvitation {
  const raw = parseWith(audioVideoInvitationSchema, json, 'audioVideoInvitation');
  const links = readLinks(raw._links);
  const offerHref = links.get('mediaOffer');
  let offerSdp: string | undefined;
  if (offerHref !== undefined) {
    const offer = decodeDataUri(offerHref, 'audioVideoInvitation._links.mediaOffer');
    if (!offer.mediaType.startsWith('application/sdp') && !offer.mediaType.startsWith('multipart/alternative')) {
      throw new MalformedError('audioVideoInvitation._links.mediaOffer', `unexpected media type ${offer.mediaType}`);
    }
    offerSdp = offer.text;
  }
  const from = raw._embedded?.from;
  return {
    base,
    direction: raw.direction,
    state: raw.state,
    ...(raw.sessionContext !== undefined && { sessionContext: raw.sessionContext }),
    ...(raw.operationId !== undefined && { operationId: raw.operationId }),
    ...(raw.threadId !== undefined && { threadId: raw.threadId }),
    subject: raw.subject ?? '',
    importance: raw.importance ?? 'Normal',
    from: { name: from?.name ?? from?.uri ?? 'Unknown caller', uri: from?.uri ?? '' },
    links,
    ...(offerSdp !== undefined && { offerSdp }),
  };
}

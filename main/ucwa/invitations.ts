// One parser for the invitation resources of the seeds: audioVideoInvitation, messagingInvitation (and its
// `ms:rtc:saas:` twin), onlineMeetingInvitation, participantInvitation and phoneAudioInvitation (call via work). Properties and rels are read
// with the Trusted Application API prefix stripped, so one shape serves both flavours.
import * as z from '../../preload/shared/zod/zod.js';
import { decodeDataUri, type DecodedDataUri } from './dataUri.js';
import { MalformedError } from './errors.js';
import { linksSchema, normaliseRel, parseWith, readLinks, type Links } from './resources.js';

export const INVITATION_KINDS = [
  'audioVideoInvitation',
  'messagingInvitation',
  'onlineMeetingInvitation',
  'participantInvitation',
  'phoneAudioInvitation',
] as const;
export type InvitationKind = (typeof INVITATION_KINDS)[number];

export function isInvitationKind(rel: string): rel is InvitationKind {
  return (INVITATION_KINDS as readonly string[]).includes(rel);
}

const text = (max: number) => z.string().max(max);

const participantSchema = z.looseObject({
  name: text(256).optional(),
  uri: text(2048).optional(),
  anonymous: z.boolean().optional(),
  inLobby: z.boolean().optional(),
  local: z.boolean().optional(),
  organizer: z.boolean().optional(),
  role: text(64).optional(),
  sourceNetwork: text(64).optional(),
  workPhoneNumber: text(256).optional(),
  otherPhoneNumber: text(256).optional(),
  _links: linksSchema.optional(),
});

/** Documented limits: subject and anonymousDisplayName ≤ 250, operationId and sessionContext ≤ 50. */
const invitationSchema = z.looseObject({
  direction: z.enum(['Incoming', 'Outgoing']),
  state: text(64),
  operationId: text(50).optional(),
  sessionContext: text(50).optional(),
  threadId: text(256).optional(),
  subject: text(250).optional(),
  importance: text(32).optional(),
  to: text(2048).optional(),
  anonymousDisplayName: text(250).optional(),
  onlineMeetingUri: text(2048).optional(),
  phoneNumber: text(100).optional(),
  availableModalities: z.array(text(64)).max(16).optional(),
  message: text(64 * 1024).optional(),
  delegator: text(2048).optional(),
  privateLine: z.boolean().optional(),
  joinAudioMuted: z.boolean().optional(),
  joinVideoMuted: z.boolean().optional(),
  _links: linksSchema,
  _embedded: z
    .looseObject({
      from: participantSchema.optional(),
      acceptedByParticipant: z.union([participantSchema, z.array(participantSchema)]).optional(),
    })
    .optional(),
});

export type Participant = {
  name: string;
  uri: string;
  anonymous: boolean;
  inLobby: boolean;
  organizer: boolean;
  role?: string;
  links: Links;
};

export type Invitation = {
  kind: InvitationKind;
  /** The resource's own URL: the base its relative hrefs resolve against. */
  base: URL;
  direction: 'Incoming' | 'Outgoing';
  state: string;
  operationId?: string;
  sessionContext?: string;
  threadId?: string;
  subject: string;
  importance: string;
  to?: string;
  from: Participant;
  acceptedBy: Participant[];
  links: Links;
  /** audioVideoInvitation: the decoded `mediaOffer`. */
  offerSdp?: string;
  /** messaging: the first message (a property or a `message` data link). */
  message?: DecodedDataUri;
  customContent?: DecodedDataUri;
  onlineMeetingUri?: string;
  /** phoneAudioInvitation: the person's own phone, which the server rings. */
  phoneNumber?: string;
  anonymousDisplayName?: string;
  availableModalities?: string[];
  /** Who else the call concerns, for the ring: delegator, private line, join muted. */
  context: { delegator?: string; privateLine: boolean; joinAudioMuted: boolean; joinVideoMuted: boolean };
};

/** Parses an invitation of `kind`; every problem is a MalformedError naming the field. */
export function parseInvitation(kind: InvitationKind, json: unknown, base: URL): Invitation {
  const raw = parseWith(invitationSchema, withoutPrefixes(json), kind);
  const links = readLinks(raw._links);
  const embedded = raw._embedded;
  const acceptedBy = embedded?.acceptedByParticipant;
  // message and customContent are data: URIs in every documented sample; any other href is a resource
  // to fetch when needed, not content to decode here.
  const inline = (rel: string) => {
    const href = links.get(rel);
    return href !== undefined && /^data:/i.test(href) ? decodeDataUri(href, `${kind}._links.${rel}`) : undefined;
  };
  const offer = kind === 'audioVideoInvitation' ? mediaOffer(links, kind) : undefined;
  const message = raw.message !== undefined ? { mediaType: 'text/plain', parameters: {}, text: raw.message } : inline('message');
  const customContent = inline('customContent');
  return {
    kind,
    base,
    direction: raw.direction,
    state: raw.state,
    ...(raw.operationId !== undefined && { operationId: raw.operationId }),
    ...(raw.sessionContext !== undefined && { sessionContext: raw.sessionContext }),
    ...(raw.threadId !== undefined && { threadId: raw.threadId }),
    subject: raw.subject ?? '',
    importance: raw.importance ?? 'Normal',
    ...(raw.to !== undefined && { to: raw.to }),
    from: participant(embedded?.from),
    acceptedBy: (Array.isArray(acceptedBy) ? acceptedBy : acceptedBy ? [acceptedBy] : []).map(participant),
    links,
    ...(offer !== undefined && { offerSdp: offer }),
    ...(message && { message }),
    ...(customContent && { customContent }),
    ...(raw.onlineMeetingUri !== undefined && { onlineMeetingUri: raw.onlineMeetingUri }),
    ...(raw.phoneNumber !== undefined && { phoneNumber: raw.phoneNumber }),
    ...(raw.anonymousDisplayName !== undefined && { anonymousDisplayName: raw.anonymousDisplayName }),
    ...(raw.availableModalities !== undefined && { availableModalities: raw.availableModalities }),
    context: {
      ...(raw.delegator !== undefined && { delegator: raw.delegator }),
      privateLine: raw.privateLine ?? false,
      joinAudioMuted: raw.joinAudioMuted ?? false,
      joinVideoMuted: raw.joinVideoMuted ?? false,
    },
  };
}

/**
 * The offer of an audio/video invitation, always a data: URI: application/sdp as its SDP, or Lync's
 * `multipart/alternative;boundary=…` as a MIME entity, its media type written as the Content-Type header
 * that names the boundary for whoever splits it (preload/shared/multipart.ts), as a SIP capture has it.
 */
function mediaOffer(links: Links, kind: InvitationKind): string | undefined {
  const href = links.get('mediaOffer');
  if (href === undefined) return undefined;
  const field = `${kind}._links.mediaOffer`;
  const offer = decodeDataUri(href, field);
  if (offer.mediaType === 'application/sdp') return offer.text;
  if (offer.mediaType !== 'multipart/alternative') throw new MalformedError(field, `unexpected media type ${offer.mediaType}`);
  const parameters = Object.entries(offer.parameters).map(([name, value]) => `; ${name}="${value.replace(/["\\]/g, '\\$&')}"`);
  return `Content-Type: ${offer.mediaType}${parameters.join('')}\r\n\r\n${offer.text}`;
}

function participant(raw: z.infer<typeof participantSchema> | undefined): Participant {
  return {
    name: raw?.name ?? raw?.uri?.replace(/^sip:/, '') ?? 'Unknown',
    uri: raw?.uri ?? '',
    anonymous: raw?.anonymous ?? false,
    inLobby: raw?.inLobby ?? false,
    organizer: raw?.organizer ?? false,
    ...(raw?.role !== undefined && { role: raw.role }),
    links: readLinks(raw?._links),
  };
}

/**
 * Strips `ms:rtc:saas:` from property names at the top level and in `_embedded`. The copy defines its
 * properties (fromEntries): assigning a `__proto__` key would make its value the copy's prototype, and
 * the schema would read the fields hidden there as the resource's own.
 */
function withoutPrefixes(json: unknown): unknown {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return json;
  return Object.fromEntries(Object.entries(json).map(([key, value]) => [normaliseRel(key), key === '_embedded' ? withoutPrefixes(value) : value]));
}

// The invitation parser: every resource of every kind, plain and ms:rtc:saas:, mutated.
import fc from 'fast-check';
import { expect } from 'vitest';
import { z } from 'zod';
import * as invitations from '../../main/local/invitationResources.js';
import { MalformedError } from '../../main/ucwa/errors.js';
import { INVITATION_KINDS, parseInvitation, type InvitationKind } from '../../main/ucwa/invitations.js';
import { normaliseRel } from '../../main/ucwa/resources.js';
import { mutatedJson, withoutProtoKeys } from './arbitraries/json.js';
import { sdpText } from './arbitraries/sdp.js';
import { asUtf8, unicodeText } from './arbitraries/dataUri.js';
import { fuzzProperty, type FuzzTarget } from './fuzzProperty.js';
import { INVITATION_FIELDS, INVITATIONS } from './samples.js';
import { typedOutcome } from './typedErrors.js';

const BASE = new URL('https://fe1.contoso.com/ucwa/v1/applications/192/communication/invitations/507');
const DATA_URI_LIMIT = 256 * 1024;

const text = (max: number) => z.string().max(max);
const links = z.map(z.string(), text(300 * 1024));
const participant = z.strictObject({
  name: text(2048),
  uri: text(2048),
  anonymous: z.boolean(),
  inLobby: z.boolean(),
  organizer: z.boolean(),
  role: text(64).optional(),
  links,
});
const decoded = z.strictObject({ mediaType: text(DATA_URI_LIMIT), parameters: z.record(z.string(), text(DATA_URI_LIMIT)), text: text(DATA_URI_LIMIT) });

/** What a parsed invitation may hold: the documented fields, of their types and within their limits. */
const wellFormedInvitation = z.strictObject({
  kind: z.enum(INVITATION_KINDS),
  base: z.instanceof(URL),
  direction: z.enum(['Incoming', 'Outgoing']),
  state: text(64),
  operationId: text(50).optional(),
  sessionContext: text(50).optional(),
  threadId: text(256).optional(),
  subject: text(250),
  importance: text(32),
  to: text(2048).optional(),
  from: participant,
  acceptedBy: z.array(participant),
  links,
  offerSdp: text(DATA_URI_LIMIT).optional(),
  message: decoded.optional(),
  customContent: decoded.optional(),
  onlineMeetingUri: text(2048).optional(),
  anonymousDisplayName: text(250).optional(),
  availableModalities: z.array(text(64)).max(16).optional(),
  context: z.strictObject({ delegator: text(2048).optional(), privateLine: z.boolean(), joinAudioMuted: z.boolean(), joinVideoMuted: z.boolean() }),
});

/** A mutated resource, read as the kind its `rel` names, or now and then as another kind. */
const invitationDocument = fc
  .tuple(mutatedJson(INVITATIONS.map(({ json }) => json)), fc.constantFrom(...INVITATION_KINDS), fc.nat(9))
  .map(([json, otherKind, dice]) => ({ json, kind: dice === 0 ? otherKind : (ownKind(json) ?? otherKind) }));

function ownKind(json: unknown): InvitationKind | undefined {
  const rel = (json as { rel?: unknown } | null)?.rel;
  const kind = typeof rel === 'string' ? normaliseRel(rel) : '';
  return (INVITATION_KINDS as readonly string[]).includes(kind) ? (kind as InvitationKind) : undefined;
}

function parse(kind: InvitationKind, json: unknown) {
  return typedOutcome(() => parseInvitation(kind, json, BASE), [MalformedError]);
}

const parsesOrNamesTheField = fc.property(invitationDocument, ({ json, kind }) => {
  const outcome = parse(kind, json);
  if (!outcome.ok) {
    expect((outcome.error as MalformedError).field.startsWith(kind)).toBe(true);
    return;
  }
  const invitation = outcome.value;
  wellFormedInvitation.parse(invitation);
  expect(invitation.kind).toBe(kind);
  if (kind !== 'audioVideoInvitation') expect(invitation.offerSdp).toBeUndefined();
});

const protoKeysMeanNothing = fc.property(invitationDocument, ({ json, kind }) => {
  const comparable = (outcome: ReturnType<typeof parse>) => (outcome.ok ? outcome : { ok: false, error: outcome.error.message });
  expect(comparable(parse(kind, json))).toEqual(comparable(parse(kind, withoutProtoKeys(json))));
});

/** What the local service sends reads back as it was sent: subject, first message, offer. */
const localInvitationsReadBack = fc.property(
  fc.record({
    // Code points, two UTF-16 units at most each: within the 250 characters of a subject.
    subject: unicodeText(125),
    message: unicodeText(300),
    flavour: fc.constantFrom('ucwa', 'saas'),
    offerSdp: sdpText.map(asUtf8),
    callerName: unicodeText(64),
  }),
  ({ subject, message, flavour, offerSdp, callerName }) => {
    const fields = { ...INVITATION_FIELDS, subject, from: { ...INVITATION_FIELDS.from, name: callerName } };
    const messaging = parseInvitation('messagingInvitation', invitations.messagingInvitation(fields, message, flavour), BASE);
    expect(messaging.message?.text).toBe(message);
    expect(messaging.subject).toBe(subject);
    expect(messaging.from.name).toBe(callerName);
    const audioVideo = parseInvitation('audioVideoInvitation', invitations.audioVideoInvitation(fields, { offerSdp }, true), BASE);
    expect(audioVideo.offerSdp).toBe(offerSdp);
    expect(audioVideo.links.get('acceptWithPhoneAudio')).toBe(`${fields.href}/acceptWithPhoneAudio`);
  },
);

export const invitationsTarget: FuzzTarget = {
  name: 'invitations (parseInvitation)',
  properties: [
    fuzzProperty('a mutated invitation parses well formed, or a MalformedError names the field', 14_000, parsesOrNamesTheField),
    fuzzProperty('own __proto__ keys mean nothing: the outcome is that of the document without them', 6_000, protoKeysMeanNothing, [
      // Read as a valid invitation until the prefix stripping stopped assigning `__proto__`.
      [{ kind: 'messagingInvitation', json: JSON.parse('{"__proto__": {"direction": "Incoming", "state": "Connecting", "_links": {}}}') as unknown }],
    ]),
    fuzzProperty('what the local service sends reads back as sent', 3_000, localInvitationsReadBack),
  ],
};

// The JSON the fuzzers start from: the seed pages' samples and the resources the local service builds.
import * as invitations from '../../main/local/invitationResources.js';
import * as local from '../../main/local/resources.js';
import { isInvitationKind, type InvitationKind } from '../../main/ucwa/invitations.js';
import { normaliseRel } from '../../main/ucwa/resources.js';
import { CHROME_OFFER } from '../support/localServer.js';
import { LYNC_MULTIPART_TYPE, lyncMultipartBody, SFB_OFFER } from '../support/sdp.js';
import { seedJsonSamples } from '../support/seeds.js';

type Json = Record<string, unknown>;

const seeds = seedJsonSamples().map(({ json }) => json);

export const EVENT_BATCHES: Json[] = seeds.filter((json) => Array.isArray(json.sender));

/** Every event of the seed batches. */
export const EVENTS: unknown[] = EVENT_BATCHES.flatMap((batch) => (batch.sender as Array<{ events: unknown[] }>).flatMap((sender) => sender.events));

const APP = '/ucwa/v1/applications/192';
const CALLER = { name: 'Joe Smith', uri: 'sip:joe@contoso.com' };

export const INVITATION_FIELDS: invitations.InvitationFields = {
  href: `${APP}/communication/invitations/507`,
  appPath: APP,
  conversationPath: `${APP}/communication/conversations/137`,
  state: 'Connecting',
  operationId: '74cb7404e0a247d5a2d4eb0376a47dbf',
  sessionContext: '8efd502350ff419cb615018ae561f97e',
  threadId: '292e0aaef36c426a97757f43dda19d06',
  subject: 'Strategy for next quarter',
  importance: 'Normal',
  from: CALLER,
  to: 'sip:john@contoso.com',
};

/** Invitation resources: the seeds' own, those their events embed, and the local service's of every kind. */
export const INVITATIONS: Array<{ kind: InvitationKind; json: unknown }> = [
  ...seeds.flatMap((json) => {
    const rel = typeof json.rel === 'string' ? normaliseRel(json.rel) : '';
    return isInvitationKind(rel) ? [{ kind: rel, json }] : [];
  }),
  ...EVENTS.flatMap((event) =>
    Object.entries((event as { _embedded?: Json })._embedded ?? {}).flatMap(([rel, json]) => {
      const kind = normaliseRel(rel);
      return isInvitationKind(kind) ? [{ kind, json }] : [];
    }),
  ),
  {
    kind: 'audioVideoInvitation',
    json: invitations.audioVideoInvitation(INVITATION_FIELDS, { offerSdp: SFB_OFFER, context: { delegator: CALLER, privateLine: true } }, true),
  },
  { kind: 'audioVideoInvitation', json: invitations.audioVideoInvitation(INVITATION_FIELDS, { offerSdp: CHROME_OFFER }, false) },
  {
    kind: 'audioVideoInvitation',
    json: invitations.audioVideoInvitation(INVITATION_FIELDS, { offerSdp: lyncMultipartBody(SFB_OFFER), offerMediaType: LYNC_MULTIPART_TYPE }, false),
  },
  { kind: 'messagingInvitation', json: invitations.messagingInvitation(INVITATION_FIELDS, 'Got a minute? 100% + more', 'ucwa') },
  { kind: 'messagingInvitation', json: invitations.messagingInvitation(INVITATION_FIELDS, 'Hello from a bot', 'saas') },
  {
    kind: 'onlineMeetingInvitation',
    json: invitations.onlineMeetingInvitation(INVITATION_FIELDS, 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:7T4LQJ2B'),
  },
  { kind: 'participantInvitation', json: invitations.outgoingInvitation('participantInvitation', { ...INVITATION_FIELDS, to: 'sip:ada@contoso.com' }) },
];

const conversationPath = INVITATION_FIELDS.conversationPath;
const renegotiationHref = `${conversationPath}/audioVideo/audioVideoSession/renegotiations/1`;

export const MESSAGES: unknown[] = [
  local.message(`${conversationPath}/messaging/messages/1`, 'Incoming', 'plain', 'Hi Tosh, 1+1=2', 1474932024822),
  local.message(`${conversationPath}/messaging/messages/2`, 'Outgoing', 'html', '<b>Hi</b> & <i>bye</i>', 1474932024823),
];

export const RENEGOTIATIONS: unknown[] = [
  local.audioVideoRenegotiation({
    href: renegotiationHref,
    conversationPath,
    direction: 'Incoming',
    operationId: '1',
    offerSdp: CHROME_OFFER,
    awaitingUser: true,
  }),
  local.audioVideoRenegotiation({
    href: renegotiationHref,
    conversationPath,
    direction: 'Outgoing',
    operationId: '2',
    offerSdp: SFB_OFFER,
    answerSdp: CHROME_OFFER,
    awaitingUser: false,
  }),
];

export const NEGOTIATIONS: unknown[] = [
  local.audioVideoNegotiation(INVITATION_FIELDS.href, conversationPath, '8efd502350ff419cb615018ae561f97e', CHROME_OFFER),
];

// An incoming call of the local service, as the tests place it and as the client reads it: what a test
// asks for, what it gets back to play the caller, and the invitation's resources and events (UCWA:
// audioVideoInvitation, messagingInvitation, onlineMeetingInvitation).
import type { ServiceEvent } from './eventQueue.js';
import type { Flavour } from './flavour.js';
import type { LocalApplication } from './localApplication.js';
import type { ChatMessage, MessageFormat, MessageLog } from './messages.js';
import type { AudioVideoSession } from './renegotiations.js';
import * as invitations from './invitationResources.js';
import { messagingEvent } from './outgoingInvitation.js';
import * as shapes from './resources.js';
import type { FailureReason, Person } from './resources.js';

export type InvitationOutcome = { status: 'Success' } | { status: 'Failure'; reason: FailureReason };

export type InvitationImportance = 'Normal' | 'Urgent' | 'Emergency';

export type { Flavour } from './flavour.js';

export type PlaceCallRequest = {
  from: Person;
  subject?: string;
  importance?: InvitationImportance;
  offerSdp: string;
  /**
   * The offer's media type with its parameters, as the mediaOffer data: link names it: application/sdp
   * (the default, sent base64) or, for a Lync multipart offer, `multipart/alternative;boundary=…`, sent
   * URL-encoded as UCWA sends those.
   */
  offerMediaType?: string;
  /** Hands the callee's answer to the caller; a rejection fails the invitation. */
  acceptAnswer(sdp: string): Promise<void>;
  /** Hands over an early-media answer (sendProvisionalAnswer). */
  acceptProvisionalAnswer?(sdp: string): void;
  /** Answers the user's new offer in a connected call (hold, resume); without it, or when it rejects, the renegotiation fails. */
  renegotiate?(offerSdp: string): Promise<string>;
  context?: invitations.RingContext;
};

/** `format`: the first message's, plain text unless said otherwise. */
export type MessagingRequest = {
  from: Person;
  subject?: string;
  importance?: InvitationImportance;
  message: string;
  format?: MessageFormat;
  flavour?: Flavour;
};

export type MeetingInviteRequest = { from: Person; subject?: string; meetingUri: string };

export type RingRequest = { flavour: Flavour; from: Person; subject?: string; importance?: InvitationImportance } & (
  | ({ kind: 'audioVideo' } & Pick<PlaceCallRequest, 'offerSdp' | 'offerMediaType' | 'acceptAnswer' | 'acceptProvisionalAnswer' | 'renegotiate' | 'context'>)
  | { kind: 'messaging'; message: string; format?: MessageFormat }
  | { kind: 'onlineMeeting'; meetingUri: string }
);

/** The caller's side of a call placed through the service. */
export type PlacedCall = {
  /** Settles when the invitation completes: Success once answered, Failure with the reason otherwise. */
  readonly outcome: Promise<InvitationOutcome>;
  /** Settles when a connected call ends, saying who ended it. */
  readonly ended: Promise<'callee' | 'caller'>;
  /** The caller gives up while it rings (or the server stops ringing the user for `reason`: the call went elsewhere). */
  cancel(reason?: FailureReason): void;
  /** The caller hangs up a connected call. */
  hangUp(): void;
  /** The other person sends an instant message in a connected IM conversation. */
  sendMessage(chat: ChatMessage): void;
  /** The messages the user sent in it. */
  readonly messagesFromCallee: readonly ChatMessage[];
  /** The reason each application declined it with (decline's `reason`; undefined where it gave none). */
  readonly declinedWith: readonly (string | undefined)[];
  /**
   * The caller's new offer in a connected audio/video call (they hold or resume): settles with the user's
   * answer; rejects when the user dismisses it, the call ends, or another renegotiation is in progress.
   */
  renegotiate(offerSdp: string): Promise<string>;
};

export type Invitation = { app: LocalApplication; path: string; conversationPath: string; sessionContext: string; call: ServiceCall };

export type ServiceCall = {
  request: RingRequest;
  state: 'ringing' | 'answering' | 'connected' | 'ended';
  invitations: Invitation[];
  /** The paths of every invitation it rang, declined ones included: what goes once it is forgotten. */
  rungAt: string[];
  declinedWith: (string | undefined)[];
  operationId: string;
  threadId: string;
  ringTimer?: NodeJS.Timeout;
  /** A connected IM conversation's messages. */
  messages?: MessageLog;
  /** A connected audio/video call's media session, where either side renegotiates. */
  session?: AudioVideoSession;
  settleOutcome(outcome: InvitationOutcome): void;
  settleEnded(by: 'callee' | 'caller'): void;
};

/** The sender and link of the invitation's events, with `ms:rtc:saas:` rels in that flavour. */
export function eventRefs(invitation: Invitation) {
  const prefix = invitation.call.request.flavour === 'saas' ? 'ms:rtc:saas:' : '';
  return {
    sender: { rel: `${prefix}communication`, href: `${invitation.app.path}/communication` },
    link: { rel: `${prefix}${invitation.call.request.kind}Invitation`, href: invitation.path },
  };
}

export function invitationJson(invitation: Invitation, user: Person) {
  const { call } = invitation;
  const { request } = call;
  const fields: invitations.InvitationFields = {
    href: invitation.path,
    appPath: invitation.app.path,
    conversationPath: invitation.conversationPath,
    state: call.state === 'connected' ? 'Connected' : call.state === 'ended' ? 'Failed' : 'Connecting',
    operationId: call.operationId,
    sessionContext: invitation.sessionContext,
    threadId: call.threadId,
    subject: request.subject ?? '',
    importance: request.importance ?? 'Normal',
    from: request.from,
    to: user.uri,
  };
  switch (request.kind) {
    case 'audioVideo':
      return invitations.audioVideoInvitation(fields, request, invitation.app.modalities.includes('PhoneAudio'));
    case 'messaging':
      return invitations.messagingInvitation(fields, request.message, request.flavour, request.format);
    case 'onlineMeeting':
      return invitations.onlineMeetingInvitation(fields, request.meetingUri);
  }
}

export function pushCompleted(invitation: Invitation, outcome: InvitationOutcome): void {
  invitation.app.events.push({
    ...eventRefs(invitation),
    type: 'completed',
    status: outcome.status,
    ...(outcome.status === 'Failure' && { reason: outcome.reason }),
  });
}

/** The modality's `updated` event: audioVideo or messaging, or the conversation for a meeting. */
export function modalityEvent(invitation: Invitation, state: string): ServiceEvent {
  const { conversationPath } = invitation;
  const sender = { rel: 'conversation', href: conversationPath };
  switch (invitation.call.request.kind) {
    case 'audioVideo':
      return {
        sender,
        link: { rel: 'audioVideo', href: `${conversationPath}/audioVideo` },
        type: 'updated',
        _embedded: { audioVideo: shapes.audioVideo(conversationPath, state, { withSession: true }) },
      };
    case 'messaging':
      return messagingEvent(conversationPath, state);
    case 'onlineMeeting':
      return {
        sender: { rel: 'communication', href: `${invitation.app.path}/communication` },
        link: { rel: 'conversation', href: conversationPath },
        type: 'updated',
        _embedded: {
          conversation: shapes.conversation(
            conversationPath,
            state === 'Connected' ? 'Conferenced' : state,
            invitation.call.threadId,
            invitation.call.request.subject ?? '',
          ),
        },
      };
  }
}

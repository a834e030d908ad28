import type { CallAction, CallPhase } from '../../preload/shared/contract.js';
import { INVITATION_KINDS, type InvitationKind } from '../ucwa/invitations.js';

type Rule = {
  kinds: readonly InvitationKind[];
  direction: 'Incoming' | 'Outgoing' | 'Either';
  phases: readonly CallPhase[];
  /**
   * The link the action posts to: the invitation's, or one learnt later (hang-up goes through the
   * audioVideo resource's stopAudioVideo, or phoneAudio's stopPhoneAudio; renegotiation through the audioVideoSession).
   */
  rel: string | Partial<Record<InvitationKind, string>>;
};

const ALL = INVITATION_KINDS;

/**
 * Which action is legal for which invitation, direction and phase (the seeds' link tables): an action is
 * offered only when its rule allows it and the server gave the link.
 */
export const ACTION_RULES: Record<CallAction, Rule> = {
  answer: { kinds: ['audioVideoInvitation'], direction: 'Incoming', phases: ['ringing'], rel: 'acceptWithAnswer' },
  provisionalAnswer: { kinds: ['audioVideoInvitation'], direction: 'Incoming', phases: ['ringing'], rel: 'sendProvisionalAnswer' },
  answerOnPhone: { kinds: ['audioVideoInvitation'], direction: 'Incoming', phases: ['ringing'], rel: 'acceptWithPhoneAudio' },
  accept: { kinds: ['messagingInvitation', 'onlineMeetingInvitation'], direction: 'Incoming', phases: ['ringing'], rel: 'accept' },
  acceptAndBridge: { kinds: ['messagingInvitation'], direction: 'Incoming', phases: ['ringing'], rel: 'acceptAndBridge' },
  startAdhocMeeting: { kinds: ['messagingInvitation'], direction: 'Incoming', phases: ['ringing'], rel: 'startAdhocMeeting' },
  decline: { kinds: ['audioVideoInvitation', 'messagingInvitation', 'onlineMeetingInvitation'], direction: 'Incoming', phases: ['ringing'], rel: 'decline' },
  cancel: { kinds: ALL, direction: 'Outgoing', phases: ['connecting', 'ringingOut'], rel: 'cancel' },
  hangUp: {
    kinds: ['audioVideoInvitation', 'phoneAudioInvitation'],
    direction: 'Either',
    phases: ['answering', 'connected'],
    rel: { audioVideoInvitation: 'audioVideo', phoneAudioInvitation: 'phoneAudio' },
  },
  /** A re-offer through the audioVideoSession's renegotiations, learnt once the call connects. */
  renegotiate: { kinds: ['audioVideoInvitation'], direction: 'Either', phases: ['connected'], rel: 'renegotiations' },
  /** DELETE on the conversation: the user leaves it, tearing down every modality (conversation_ref). */
  leave: { kinds: ['messagingInvitation', 'onlineMeetingInvitation'], direction: 'Either', phases: ['connected'], rel: 'conversation' },
};

/** The rel of the link `action` posts to, for an invitation of `kind`. */
export function actionRel(action: CallAction, kind: InvitationKind): string | undefined {
  const { rel } = ACTION_RULES[action];
  return typeof rel === 'string' ? rel : rel[kind];
}

export function isLegal(action: CallAction, kind: InvitationKind, direction: 'Incoming' | 'Outgoing', phase: CallPhase): boolean {
  const rule = ACTION_RULES[action];
  return rule.kinds.includes(kind) && (rule.direction === 'Either' || rule.direction === direction) && rule.phases.includes(phase);
}

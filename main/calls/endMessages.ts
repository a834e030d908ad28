import type { CallEnd, CallPhase } from '../../preload/shared/contract.js';
import type { Invitation } from '../ucwa/invitations.js';
import { describeReason, type Reason } from '../ucwa/reasons.js';

/**
 * The sentence a call's end is shown with: the person's own doing, or the server's reason. A call via
 * work rings the person's phone first (`phase` connecting) and the callee only once it answered, so a
 * failure before that is their own phone's. The reason catalog speaks of calls; an IM conversation's end
 * speaks of the conversation.
 */
export function endMessage(outcome: CallEnd['outcome'], reason: Reason | undefined, invitation: Invitation, phase: CallPhase): string {
  if (invitation.kind === 'phoneAudioInvitation' && phase === 'connecting' && outcome === 'failed') return yourPhoneFailed(reason);
  const sentence = callEndMessage(outcome, reason, invitation);
  return invitation.kind === 'messagingInvitation' ? sentence.replace(/\bcall\b/, 'conversation') : sentence;
}

function callEndMessage(outcome: CallEnd['outcome'], reason: Reason | undefined, invitation: Invitation): string {
  switch (outcome) {
    case 'declined':
      return invitation.direction === 'Incoming' ? 'You declined the call.' : describeReason(reason);
    case 'hungUp':
      return 'You hung up.';
    case 'left':
      return invitation.kind === 'messagingInvitation' ? 'You ended the conversation.' : 'You left the meeting.';
    case 'remoteHungUp':
      return invitation.kind === 'messagingInvitation' ? 'The other person left the conversation.' : 'The other person hung up.';
    case 'cancelled':
      return 'You cancelled it.';
    case 'joined':
      return `${invitation.to?.replace(/^sip:/, '') ?? 'The participant'} joined.`;
    case 'missed':
      return reason?.code ? describeReason(reason) : 'You missed this call.';
    case 'answeredElsewhere':
    case 'failed':
      return describeReason(reason);
  }
}

function yourPhoneFailed(reason: Reason | undefined): string {
  if (reason?.subcode === 'Declined') return 'Your phone declined the call, so no one else was called.';
  if (reason?.subcode === 'Timeout') return 'Your phone did not answer, so no one else was called.';
  return 'Your phone could not be reached, so no one else was called.';
}

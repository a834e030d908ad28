import type { CallEnd } from '../../preload/shared/contract.js';
import type { Invitation } from '../ucwa/invitations.js';
import { describeReason, type Reason } from '../ucwa/reasons.js';

/** The sentence a call's end is shown with: the person's own doing, or the server's reason. */
export function endMessage(outcome: CallEnd['outcome'], reason: Reason | undefined, invitation: Invitation): string {
  switch (outcome) {
    case 'declined':
      return invitation.direction === 'Incoming' ? 'You declined the call.' : describeReason(reason);
    case 'hungUp':
      return 'You hung up.';
    case 'left':
      return invitation.kind === 'messagingInvitation' ? 'You ended the conversation.' : 'You left the meeting.';
    case 'remoteHungUp':
      return 'The other person hung up.';
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

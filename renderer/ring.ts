// What the ring says about a call besides who calls: on whose behalf, who forwarded or transferred it,
// and how it will start; and what a person may choose on its card. Pure, so views, the store and component
// tests share it.
import { displayAddress } from './addresses';
import type { CallSnapshot } from '../preload/shared/contract';

/** What the person chose on a ringing call's card. */
export type RingChoice =
  { type: 'answer'; video: boolean } | { type: 'answerOnPhone' } | { type: 'accept' } | { type: 'decline' } | { type: 'declineWithMessage'; text: string };

export function ringContextLines(call: CallSnapshot): string[] {
  const context = call.context;
  if (!context) return [];
  const lines: string[] = [];
  const onBehalfOf = context.onBehalfOf ?? (context.delegator && displayAddress(context.delegator));
  if (onBehalfOf) lines.push(`On behalf of ${onBehalfOf}`);
  if (context.forwardedBy) lines.push(`Forwarded by ${context.forwardedBy}`);
  if (context.transferredBy) lines.push(`Transferred by ${context.transferredBy}`);
  if (context.joinAudioMuted) lines.push('You join with your microphone muted');
  if (context.joinVideoMuted) lines.push('You join with your camera off');
  return lines;
}

// What the ring says about a call besides who calls: on whose behalf, who forwarded or transferred it,
// and how it will start. Pure, so views and component tests share it.
import { displayAddress } from './addresses';
import type { CallSnapshot } from '../preload/contract';

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

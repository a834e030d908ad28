// Whom an ended audio or video call or IM conversation is called (or messaged) back, and whether with
// video: the other person's address, as the history keeps it. Where the server logged the conversation,
// the renderer's Call back goes through the log's continue link instead (`continueFrom`), still to this
// address.
import type { CallBack } from '../../preload/shared/contract.js';
import { analyseOffer } from '../../preload/shared/offerAnalysis.js';
import type { Call } from './call.js';
import { CallTargetError, callTargetOf } from './callTargets.js';

/** The other person's address and whether it was a video call; none when the address cannot be called (withheld, malformed) or for other kinds (meetings). */
export function callBackOf(call: Call): CallBack | undefined {
  const { kind, direction, from, to, offerSdp } = call.invitation;
  if (kind !== 'audioVideoInvitation' && kind !== 'messagingInvitation') return undefined;
  const address = direction === 'Incoming' ? from.uri : to;
  if (!address) return undefined;
  const video =
    kind === 'messagingInvitation' ? false : direction === 'Incoming' ? offerSdp !== undefined && analyseOffer(offerSdp).hasVideo : call.placedWithVideo;
  try {
    return { address: callTargetOf(address).uri, video };
  } catch (error) {
    if (error instanceof CallTargetError) return undefined;
    throw error;
  }
}

// How an audio or video call or an IM conversation in Recent is called (or messaged) back. A conversation log's continueAudioVideo or
// continueAudio would continue the conversation itself, but neither the invitations nor the embedded
// service carry one (issue 17 reads conversation logs): a call back is a new call to the other person's
// address, with video where the call had it.
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

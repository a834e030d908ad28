// New offers in a connected bridged call (hold, resume) in the Skype for Business dialect, whichever bridge
// carries it (mediaBridge.ts: a call that rang here; outgoingBridge.ts: one placed here): the same ICE, keys
// and agreed codecs, only the direction changes. What changes more is refused: the bridge cannot follow it.
import { TELEPHONE_EVENT, type CodecPair } from './passthroughCodecs.js';
import { BridgeRefusal } from './refusal.js';
import type { RendererLeg } from './rendererLeg.js';
import { writeSfbAnswer, writeSfbSdp, type CallerLegDescription, type SfbShape } from './sfbAnswer.js';
import { audioDirection, readSfbOffer, type MediaDirection, type ReadOptions, type SfbOffer } from './sfbOffer.js';

/** What both sides agreed in their first offer and answer. */
export type AgreedSession = {
  /** The other side's first SDP (its offer, or its answer to ours): what its later ones must keep. */
  remote: SfbOffer;
  /** How the SDP this side writes to it is laid out. */
  shape: SfbShape;
  local: CallerLegDescription;
  codecs: CodecPair[];
  read: ReadOptions;
};

/** The other side's later SDP (a new offer, or the answer to ours) and the agreed codecs it still has. */
export function readSameSession(session: AgreedSession, sdp: string, what: 'offer' | 'answer'): { read: SfbOffer; kept: CodecPair[] } {
  const read = readSfbOffer(sdp, session.read);
  const whose = `The ${session.read.party ?? 'caller'}’s ${what}`;
  if (read.ice.ufrag !== session.remote.ice.ufrag || read.ice.pwd !== session.remote.ice.pwd) {
    throw new BridgeRefusal('UnsupportedMedia', `${whose} restarts the connection, which this app cannot follow.`);
  }
  if (!read.key.masterKey.equals(session.remote.key.masterKey) || !read.key.masterSalt.equals(session.remote.key.masterSalt)) {
    throw new BridgeRefusal('EncryptionMismatch', `${whose} changes its encryption keys, which this app cannot follow.`);
  }
  const kept = session.codecs.filter((pair) => read.codecs.some((codec) => codec.payloadType === pair.caller.payloadType && codec.name === pair.caller.name));
  if (!kept.some((pair) => pair.caller.name.toLowerCase() !== TELEPHONE_EVENT)) {
    throw new BridgeRefusal('UnsupportedMedia', `${whose} has none of the audio codecs agreed, which this app cannot follow.`);
  }
  return { read, kept };
}

/** The other side's new offer (it holds or resumes), answered with the agreed codecs it still has, its direction mirrored. */
export function answerNewOffer(session: AgreedSession, offerSdp: string): { sdp: string; direction: MediaDirection } {
  const { read, kept } = readSameSession(session, offerSdp, 'offer');
  return {
    sdp: writeSfbAnswer(
      read,
      session.local,
      kept.map((pair) => pair.caller),
    ),
    direction: read.direction,
  };
}

/**
 * This side holds or resumes: the renderer's new offer becomes one to the other side, in its dialect with the
 * renderer's direction, which `exchange` sends and whose answer it returns; `took` learns the direction the
 * other side answered, then the renderer leg answers the renderer. A failure once the other side took the new
 * direction could only leave the two sides disagreeing on who holds: it is a BridgeRefusal for `fail`.
 */
export async function offerFromRenderer(
  session: AgreedSession,
  renderer: RendererLeg,
  rendererOfferSdp: string,
  exchange: (offerSdp: string) => Promise<string>,
  outcome: { took(direction: MediaDirection): void; fail(refusal: BridgeRefusal): void },
): Promise<string> {
  const direction = audioDirection(rendererOfferSdp);
  const answer = await exchange(
    writeSfbSdp(
      session.shape,
      session.local,
      session.codecs.map((pair) => pair.caller),
      direction,
    ),
  );
  try {
    outcome.took(readSameSession(session, answer, 'answer').read.direction);
    return await renderer.answerNewOffer(rendererOfferSdp);
  } catch (error) {
    const refusal = error instanceof BridgeRefusal ? error : new BridgeRefusal('MediaConnectivityFailure', 'The call’s audio could not follow the hold.');
    outcome.fail(refusal);
    throw refusal;
  }
}

// Once both sides have answered, the two legs of a bridge connect and the audio passes between them: the
// caller leg keyed with our SDES key and the caller's, the renderer leg over DTLS-SRTP. A failure to
// connect, a connection lost later, or audio the caller encrypts with another key than it offered ends
// the bridge, saying why.
import type { CallerLeg } from './callerLeg.js';
import { AudioPassthrough } from './passthrough.js';
import type { CodecPair } from './passthroughCodecs.js';
import { BridgeRefusal } from './refusal.js';
import type { RendererLeg } from './rendererLeg.js';
import type { SdesKey } from './sdes.js';
import type { SfbOffer } from './sfbOffer.js';
import type { UndecryptableCounts } from './undecryptableWatch.js';

export type JoinedLegs = {
  legs: { caller: CallerLeg; renderer: RendererLeg };
  /** The caller's SDP (their offer, or their answer to ours): their ICE, candidates and key. */
  remote: SfbOffer;
  key: SdesKey;
  codecs: CodecPair[];
  /** Whether the caller takes audio now (not while they hold: RFC 3264 §8.4). */
  callerReceives: () => boolean;
  fail: (refusal: BridgeRefusal) => void;
};

/** Starts the passthrough and connects both legs; failures reach `fail`. */
export function joinLegs({ legs, remote, key, codecs, callerReceives, fail }: JoinedLegs): AudioPassthrough {
  const { caller, renderer } = legs;
  const passthrough = new AudioPassthrough(legs, codecs);
  void Promise.all([
    renderer.connect({
      rtp: (packet, at) => {
        if (callerReceives()) passthrough.fromRenderer(packet, at);
      },
      rtcp: (packet) => passthrough.rendererRtcp([packet]),
    }),
    caller.connect(remote, key, {
      rtp: (packet, at) => passthrough.fromCaller(packet, at),
      rtcp: (packets) => passthrough.callerRtcp(packets),
      undecryptable: (counts) => fail(new BridgeRefusal('EncryptionMismatch', undecryptableSentence(counts))),
    }),
  ]).then(
    () => {
      caller.onFailure(() => fail(new BridgeRefusal('MediaConnectivityFailure', 'The connection to the caller’s audio was lost.')));
      renderer.onFailure(() => fail(new BridgeRefusal('MediaConnectivityFailure', 'The connection to this computer’s audio was lost.')));
    },
    (error: unknown) => fail(error instanceof BridgeRefusal ? error : new BridgeRefusal('MediaConnectivityFailure', 'The call’s audio could not connect.')),
  );
  return passthrough;
}

/** Why the call ends when the caller's audio cannot be decrypted, with the counts (they reach the call's end). */
function undecryptableSentence({ failed, seconds, decryptedBefore }: UndecryptableCounts): string {
  const before = decryptedBefore > 0 ? `, after ${decryptedBefore} that could` : '';
  return `The caller’s audio could not be decrypted: it is encrypted with another key than the one it offered (${failed} packets in ${seconds} s, none authentic${before}).`;
}

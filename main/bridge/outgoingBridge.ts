// A call placed here to someone reached in the Skype for Business dialect: the bridge makes the offer
// (SDES key, ICE credentials and candidates, TURN where the server gives it, the codecs it passes through:
// G.722, PCMU, PCMA and telephone-event, as the renderer's offer has them), reads the callee's answer, and
// answers the renderer's own WebRTC offer with the codecs the callee agreed to; then the audio passes
// between the legs as in a bridged incoming call.
import sdpTransform from 'sdp-transform';
import { CallerLeg } from './callerLeg.js';
import { joinLegs } from './joinLegs.js';
import type { BridgeOptions, BridgeStats } from './mediaBridge.js';
import type { AudioPassthrough } from './passthrough.js';
import { offeredCodecs, passthroughCodecs, TELEPHONE_EVENT, type Codec } from './passthroughCodecs.js';
import { BridgeRefusal } from './refusal.js';
import { AnswerOnce } from './answerOnce.js';
import { RendererLeg } from './rendererLeg.js';
import { freshSdesKey, type SdesKey } from './sdes.js';
import { writeSfbSdp, type SfbShape } from './sfbAnswer.js';
import { readSfbOffer, type MediaDirection } from './sfbOffer.js';
import { answerNewOffer, offerFromRenderer, type AgreedSession } from './newOffers.js';

/** The offer's one `a=crypto` line's tag. */
const CRYPTO_TAG = 1;
/** SDES-keyed RTP, as Skype for Business clients offer it. */
const SAVP = 'RTP/SAVP';

export class OutgoingBridge {
  readonly #rendererAnswer = new AnswerOnce<string>('The callee’s final answer differs from its early-media answer.');
  #renderer: RendererLeg | undefined;
  #passthrough: AudioPassthrough | undefined;
  /** What the callee answered: new offers in the call keep it. */
  #agreed: AgreedSession | undefined;
  /** The audio's direction as the callee last wrote it (answer or new offer): whether they take audio now. */
  #calleeDirection: MediaDirection = 'sendrecv';
  #calleeHolds = false;
  #closed = false;

  private constructor(
    private readonly rendererOfferSdp: string,
    private readonly codecs: Codec[],
    private readonly caller: CallerLeg,
    private readonly key: SdesKey,
    private readonly shape: SfbShape,
    /** The offer to send the callee. */
    readonly offerSdp: string,
    private readonly options: BridgeOptions,
  ) {}

  /** Refuses (BridgeRefusal) when the renderer's offer has no codec to pass through; else gathers and writes the offer. */
  static async prepare(rendererOfferSdp: string, options: BridgeOptions): Promise<OutgoingBridge> {
    const audio = sdpTransform.parse(rendererOfferSdp).media.find((m) => m.type === 'audio' && m.port !== 0);
    const codecs = passthroughCodecs(audio ? offeredCodecs(audio) : []);
    if (codecs.length === 0)
      throw new BridgeRefusal('CodecMismatch', 'This computer offers none of the codecs a Skype for Business call takes (G.722, PCMU, PCMA).');
    let caller: CallerLeg;
    try {
      caller = await CallerLeg.gather({
        separateRtcp: false,
        loopbackOnly: options.loopbackOnly,
        offerer: true,
        ...(options.relay && { relay: options.relay }),
      });
    } catch (error) {
      throw new BridgeRefusal('MediaAllocationFailure', `The call’s audio could not be set up (${error instanceof Error ? error.message : String(error)}).`);
    }
    const key = freshSdesKey(CRYPTO_TAG);
    const shape: SfbShape = {
      media: [{ type: 'audio', protocol: SAVP, payloads: codecs.map((codec) => codec.payloadType).join(' ') }],
      audioIndex: 0,
      protocol: SAVP,
      rtcpMux: true,
      rtcpRsize: false,
    };
    const offerSdp = writeSfbSdp(shape, caller.describe(key), codecs, 'sendrecv');
    return new OutgoingBridge(rendererOfferSdp, codecs, caller, key, shape, offerSdp, options);
  }

  /**
   * The answer to the renderer's offer for the callee's answer (early media's, then the final one: the
   * same answer gets the same result), and the media starts; a BridgeRefusal when the callee's answer
   * cannot be used (unreadable, no key, no codec offered, no address).
   */
  rendererAnswer(callerAnswerSdp: string): Promise<string> {
    return this.#rendererAnswer.answer(callerAnswerSdp, (sdp) => this.#answerOnce(sdp));
  }

  async #answerOnce(callerAnswerSdp: string): Promise<string> {
    const read = { loopbackOnly: this.options.loopbackOnly, party: 'callee' } as const;
    const answer = readSfbOffer(callerAnswerSdp, read);
    const agreed = answer.codecs.flatMap((codec) => this.codecs.filter((ours) => ours.payloadType === codec.payloadType && sameName(ours, codec)));
    if (!agreed.some((codec) => codec.name.toLowerCase() !== TELEPHONE_EVENT)) {
      throw new BridgeRefusal('CodecMismatch', 'The callee’s answer has none of the codecs offered (G.722, PCMU, PCMA).');
    }
    const renderer = await RendererLeg.answer(this.rendererOfferSdp, agreed);
    if (this.#closed) {
      await renderer.close();
      throw new BridgeRefusal('MediaConnectivityFailure', 'The call ended before its audio was set up.');
    }
    this.#renderer = renderer;
    const codecs = agreed.map((codec) => ({ caller: codec, renderer: codec }));
    this.#agreed = { remote: answer, shape: this.shape, local: this.caller.describe(this.key), codecs, read };
    this.#calleeDirection = answer.direction;
    // While the callee's last answer takes no audio (sendonly or inactive), nothing is sent to them (RFC 3264 §8.4).
    this.#passthrough = joinLegs({
      legs: { caller: this.caller, renderer },
      remote: answer,
      key: this.key,
      codecs,
      callerReceives: () => this.#calleeDirection === 'sendrecv' || this.#calleeDirection === 'recvonly',
      fail: (refusal) => this.#fail(refusal),
    });
    return renderer.localSdp;
  }

  /** Whether the callee holds the call: its last new offer sends only, or nothing. */
  get heldByCallee(): boolean {
    return this.#calleeHolds;
  }

  /** The callee's new offer (it holds or resumes), answered here in its dialect (newOffers.ts). */
  answerCalleeOffer(offerSdp: string): string {
    if (!this.#agreed) throw new BridgeRefusal('InvalidMediaOffer', 'The call is not connected yet.');
    const { sdp, direction } = answerNewOffer(this.#agreed, offerSdp);
    this.#calleeDirection = direction;
    this.#calleeHolds = direction === 'sendonly' || direction === 'inactive';
    return sdp;
  }

  /** This side holds or resumes: the renderer's new offer goes to the callee in their dialect (newOffers.ts). */
  offerFromRenderer(rendererOfferSdp: string, exchange: (calleeOfferSdp: string) => Promise<string>): Promise<string> {
    const agreed = this.#agreed;
    const renderer = this.#renderer;
    if (!agreed || !renderer) return Promise.reject(new BridgeRefusal('InvalidMediaOffer', 'The call is not connected yet.'));
    return offerFromRenderer(agreed, renderer, rendererOfferSdp, exchange, {
      took: (direction) => (this.#calleeDirection = direction),
      fail: (refusal) => this.#fail(refusal),
    });
  }

  /** Packets carried and dropped each way, the time each spent in the bridge, and those refused from the callee. */
  stats(): BridgeStats | undefined {
    const stats = this.#passthrough?.stats();
    return stats && { ...stats, refusedFromCaller: { ...this.caller.refused } };
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([this.#renderer?.close(), this.caller.close()]);
  }

  #fail(refusal: BridgeRefusal): void {
    if (this.#closed) return;
    void this.close();
    this.options.onFailure(refusal);
  }
}

function sameName(a: Codec, b: Codec): boolean {
  return a.name.toLowerCase() === b.name.toLowerCase();
}

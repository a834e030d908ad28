// One Skype for Business call's media bridge: reads the caller's offer, makes the WebRTC offer the renderer
// answers in its place, turns the renderer's answer into the answer the caller gets, then passes the
// audio between the two legs until it is closed.
import { CallerLeg, type CallerRefusals } from './callerLeg.js';
import { joinLegs } from './joinLegs.js';
import type { AudioPassthrough, PassthroughStats } from './passthrough.js';
import { answerNewOffer, offerFromRenderer, type AgreedSession } from './newOffers.js';
import { pairCodecs, type CodecPair } from './passthroughCodecs.js';
import { BridgeRefusal } from './refusal.js';
import { AnswerOnce } from './answerOnce.js';
import type { RelayOptions } from './relayToken.js';
import { bridgeMarker, RendererLeg } from './rendererLeg.js';
import { freshSdesKey } from './sdes.js';
import { writeSfbAnswer } from './sfbAnswer.js';
import { readSfbOffer, type MediaDirection, type SfbOffer } from './sfbOffer.js';

export type BridgeOptions = {
  /** The embedded local service: the caller is on this machine, so only loopback is used. */
  loopbackOnly: boolean;
  relay?: RelayOptions;
  /** The media failed after the answer went out (connectivity lost or never made). */
  onFailure(refusal: BridgeRefusal): void;
};

/** The passthrough's packets and time each way, and what the caller leg refused before it. */
export type BridgeStats = PassthroughStats & { refusedFromCaller: CallerRefusals };

/** The answer to POST for the caller, and the multipart part it answers. */
export type CallerAnswer = { sdp: string; processedOfferId?: string };

export class MediaBridge {
  readonly #answer = new AnswerOnce<CallerAnswer>('The final answer differs from the early-media answer.');
  /** What the caller was answered with: new offers in the call are answered the same way. */
  #answered: AgreedSession | undefined;
  /** The audio's direction as the caller last wrote it (offer or answer): whether they take audio now. */
  #callerDirection: MediaDirection;
  #callerHolds = false;
  #passthrough: AudioPassthrough | undefined;
  #closed = false;

  private constructor(
    private readonly offer: SfbOffer,
    private readonly codecs: CodecPair[],
    private readonly renderer: RendererLeg,
    private readonly caller: CallerLeg,
    private readonly options: BridgeOptions,
  ) {
    this.#callerDirection = offer.direction;
  }

  /** Refuses the offer (BridgeRefusal) or opens both legs and makes the renderer's offer. */
  static async prepare(offerBody: string, options: BridgeOptions): Promise<MediaBridge> {
    const offer = readSfbOffer(offerBody, options);
    const codecs = pairCodecs(offer.codecs);
    const [renderer, caller] = await Promise.allSettled([
      RendererLeg.offer(
        codecs.map((pair) => pair.renderer),
        bridgeMarker(offer.videoDeclined),
      ),
      CallerLeg.gather({ separateRtcp: !offer.rtcpMux, loopbackOnly: options.loopbackOnly, ...(options.relay && { relay: options.relay }) }),
    ]);
    if (renderer.status === 'rejected' || caller.status === 'rejected') {
      await Promise.all([renderer.status === 'fulfilled' && renderer.value.close(), caller.status === 'fulfilled' && caller.value.close()]);
      const cause = renderer.status === 'rejected' ? renderer.reason : caller.status === 'rejected' ? caller.reason : undefined;
      throw new BridgeRefusal('MediaAllocationFailure', `The call’s audio could not be set up (${cause instanceof Error ? cause.message : String(cause)}).`);
    }
    return new MediaBridge(offer, codecs, renderer.value, caller.value, options);
  }

  /** Whether the renderer's answer came (the media is the call's from then on). */
  get answered(): boolean {
    return this.#answer.made;
  }

  /** The WebRTC offer the renderer answers instead of the caller's. */
  get rendererOfferSdp(): string {
    return this.renderer.localSdp;
  }

  /**
   * The caller's answer for the renderer's answer, and the media starts. Early media then the final
   * answer bring the same renderer answer twice, and get the same caller answer.
   */
  answer(rendererSdp: string): Promise<CallerAnswer> {
    return this.#answer.answer(rendererSdp, (sdp) => this.#answerOnce(sdp));
  }

  async #answerOnce(rendererSdp: string): Promise<CallerAnswer> {
    const accepted = await this.renderer.accept(
      rendererSdp,
      this.codecs.map((pair) => pair.renderer),
    );
    const codecs = accepted.flatMap((codec) => this.codecs.filter((pair) => pair.renderer.payloadType === codec.payloadType));
    const key = freshSdesKey(this.offer.key.tag);
    const local = this.caller.describe(key);
    this.#answered = { remote: this.offer, shape: this.offer, local, codecs, read: { loopbackOnly: this.options.loopbackOnly } };
    const sdp = writeSfbAnswer(
      this.offer,
      local,
      codecs.map((pair) => pair.caller),
    );
    // While the caller holds (sendonly or inactive), nothing is sent to them (RFC 3264 §8.4).
    this.#passthrough = joinLegs({
      legs: { caller: this.caller, renderer: this.renderer },
      remote: this.offer,
      key,
      codecs,
      callerReceives: () => this.#callerDirection === 'sendrecv' || this.#callerDirection === 'recvonly',
      fail: (refusal) => this.#fail(refusal),
    });
    return { sdp, ...(this.offer.contentId !== undefined && { processedOfferId: this.offer.contentId }) };
  }

  /** Whether the caller holds the call: their last new offer sends only, or nothing. */
  get heldByCaller(): boolean {
    return this.#callerHolds;
  }

  /**
   * The caller's new offer in a connected call (they hold or resume), answered here in their dialect: the
   * same ICE and keys, the agreed codecs it still has, the direction mirrored. An offer that changes what
   * the bridge keeps (an ICE restart, new keys, none of the agreed codecs) is refused: it cannot follow it.
   */
  answerCallerOffer(offerSdp: string): string {
    const { sdp, direction } = answerNewOffer(this.#connected(), offerSdp);
    this.#callerDirection = direction;
    this.#callerHolds = direction === 'sendonly' || direction === 'inactive';
    return sdp;
  }

  /** This side holds or resumes: the renderer's new offer goes to the caller in their dialect (newOffers.ts). */
  async offerFromRenderer(rendererOfferSdp: string, exchange: (callerOfferSdp: string) => Promise<string>): Promise<string> {
    return await offerFromRenderer(this.#connected(), this.renderer, rendererOfferSdp, exchange, {
      took: (direction) => (this.#callerDirection = direction),
      fail: (refusal) => this.#fail(refusal),
    });
  }

  #connected(): AgreedSession {
    if (!this.#answered) throw new BridgeRefusal('InvalidMediaOffer', 'The call is not connected yet.');
    return this.#answered;
  }

  /** Packets carried and dropped each way, the time each spent in the bridge (for the bench), and those refused from the caller. */
  stats(): BridgeStats | undefined {
    const stats = this.#passthrough?.stats();
    return stats && { ...stats, refusedFromCaller: { ...this.caller.refused } };
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([this.renderer.close(), this.caller.close()]);
  }

  #fail(refusal: BridgeRefusal): void {
    if (this.#closed) return;
    void this.close();
    this.options.onFailure(refusal);
  }
}

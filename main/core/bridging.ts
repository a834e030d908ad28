// Skype for Business calls reach the renderer through the media bridge: the renderer's answers and offers
// for them go through their bridge, which speaks to the caller in its own dialect.
import type { CallSnapshot, DismissReason } from '../../preload/shared/contract.js';
import { BridgedCalls } from '../bridge/bridgedCalls.js';
import { BridgedPlacedCalls } from '../bridge/bridgedPlacedCalls.js';
import type { BridgeStats, CallerAnswer } from '../bridge/mediaBridge.js';
import { BridgeRefusal } from '../bridge/refusal.js';
import { relayFromToken, type RelayOptions } from '../bridge/relayToken.js';
import type { CallsController } from '../calls/controller.js';
import type { CallTarget } from '../calls/callTargets.js';
import { RenegotiationFailedError } from '../calls/errors.js';
import type { UcwaClient } from '../ucwa/client.js';
import { reportingServerProblems, UcwaError } from '../ucwa/errors.js';
import { requireSignedIn, UnavailableError } from './errors.js';
import { callWithoutLoopbackCandidates, withoutLoopbackCandidates } from './loopbackCandidates.js';
import { offerDialect, type Dialect } from './offerDialect.js';

export type BridgingOptions = {
  /** On the embedded local service every caller is on this machine (and only there may WebRTC use loopback). */
  loopbackOnly: boolean;
  /** The dialect audio calls to SIP addresses are offered in (offerDialect.ts). */
  audioDialect: Dialect;
  /** The session's calls and client, while signed in. */
  calls: () => CallsController | undefined;
  client: () => UcwaClient | undefined;
  /** Whether a call the bridge cannot carry may still be answered on the person's phone. */
  answerOnPhoneAllowed: () => boolean;
  changed: () => void;
  /** The server's problems with requests the core makes by itself. */
  onProblem: (error: UcwaError) => void;
};

export class Bridging {
  readonly #bridges: BridgedCalls;
  readonly #placed: BridgedPlacedCalls;

  constructor(private readonly options: BridgingOptions) {
    const bridgeOptions = {
      loopbackOnly: options.loopbackOnly,
      relay: () => this.#relay(),
      changed: options.changed,
      failed: (callId: string, refusal: BridgeRefusal) => void this.#failed(callId, refusal),
      answerCallerOffer: (callId: string, offerId: string, sdp: string) =>
        void this.#reportServerProblems(this.#calls().answerRenegotiation(callId, offerId, sdp)),
      refuseCallerOffer: (callId: string, offerId: string, reason: DismissReason) =>
        void this.#reportServerProblems(this.#calls().dismissRenegotiation(callId, offerId, reason)),
    };
    this.#bridges = new BridgedCalls(bridgeOptions);
    this.#placed = new BridgedPlacedCalls(bridgeOptions);
  }

  /**
   * Calls someone with the renderer's offer, in the dialect offerDialect.ts decides: as it is, or through
   * a media bridge that makes the offer in the Skype for Business dialect. Resolves with the call's id.
   */
  /** `via`: a conversation log's continue link to post to instead of the start link. */
  async startCall(to: string | CallTarget, sdp: string, video: boolean, via?: string): Promise<string> {
    const calls = this.#calls();
    if (offerDialect(to, video, this.options.audioDialect) === 'webRtc') {
      return calls.startAudioVideo(to, sdp, video, { redial: (callId, giveUp) => void this.#redial(callId, to, sdp, video, giveUp), ...(via && { via }) });
    }
    try {
      return await this.#placed.place(sdp, (offer) => calls.startAudioVideo(to, offer, false, via ? { via } : {}));
    } catch (error) {
      if (error instanceof BridgeRefusal) throw new UnavailableError(error.sentence);
      throw error;
    }
  }

  /**
   * The callee refused the WebRTC dialect (they take only Skype for Business's): the call goes through again
   * as an audio call through the bridge, the same call in the window; a video call says it is audio only.
   */
  async #redial(callId: string, to: string | CallTarget, sdp: string, video: boolean, giveUp: () => void): Promise<void> {
    try {
      const calls = this.#calls();
      await this.#placed.place(sdp, (offer) => calls.startAudioVideo(to, offer, false, { replacing: callId }), video);
    } catch (error) {
      giveUp();
      if (error instanceof UcwaError) this.options.onProblem(error);
    }
  }

  /** Opens bridges for calls that need one and closes those of calls that moved on. */
  follow(calls: readonly CallSnapshot[]): void {
    this.#bridges.follow(calls);
    this.#placed.follow(calls);
  }

  /**
   * The call as the renderer sees it: a bridged call offers the bridge's WebRTC offer in place of the
   * caller's; another's SDPs lose their loopback candidates, except on the embedded service (loopbackCandidates.ts).
   */
  present(call: CallSnapshot): CallSnapshot {
    return this.#placed.present(this.#bridges.present(this.options.loopbackOnly ? call : callWithoutLoopbackCandidates(call)));
  }

  /** The renderer's answer; a bridged call's is answered to the caller by its bridge. */
  async answer(callId: string, sdp: string): Promise<void> {
    const bridged = await this.#bridgedAnswer(callId, sdp);
    await this.#calls().answer(callId, bridged?.sdp ?? sdp, bridged?.processedOfferId);
  }

  /** Early media, through the bridge like `answer`. */
  async provisionalAnswer(callId: string, sdp: string): Promise<void> {
    const bridged = await this.#bridgedAnswer(callId, sdp);
    await this.#calls().provisionalAnswer(callId, bridged?.sdp ?? sdp, bridged?.processedOfferId);
  }

  /** This side's new offer (hold, resume); a bridged call's goes to the caller through its bridge. Resolves with the answer. */
  async renegotiate(callId: string, sdp: string): Promise<string> {
    try {
      const exchange = (offer: string) => this.#calls().renegotiate(callId, offer);
      return await (this.#bridges.renegotiate(callId, sdp, exchange) ??
        this.#placed.renegotiate(callId, sdp, exchange) ??
        this.#calls()
          .renegotiate(callId, sdp)
          .then((answer) => (this.options.loopbackOnly ? answer : withoutLoopbackCandidates(answer))));
    } catch (error) {
      if (error instanceof BridgeRefusal) throw new RenegotiationFailedError(error.sentence);
      throw error;
    }
  }

  /** A bridged call's packets and time in the bridge each way, for the bench; undefined for other calls. */
  stats(callId: string): BridgeStats | undefined {
    return this.#bridges.stats(callId) ?? this.#placed.stats(callId);
  }

  async close(): Promise<void> {
    await Promise.all([this.#bridges.close(), this.#placed.close()]);
  }

  #calls(): CallsController {
    return requireSignedIn(this.options.calls());
  }

  async #bridgedAnswer(callId: string, sdp: string): Promise<CallerAnswer | undefined> {
    try {
      return await this.#bridges.answer(callId, sdp);
    } catch (error) {
      if (error instanceof BridgeRefusal) throw new UnavailableError(error.sentence);
      throw error;
    }
  }

  /**
   * The bridge cannot carry a call: one placed here is cancelled or hung up with the documented reason; one
   * that rings is declined with it, unless the person can still answer it on their phone (it rings on,
   * saying why); one answered is hung up.
   */
  async #failed(callId: string, refusal: BridgeRefusal): Promise<void> {
    const calls = this.options.calls();
    const call = calls?.snapshot().calls.find((c) => c.id === callId);
    if (!calls || !call) return;
    const onPhone = call.actions.includes('answerOnPhone') && this.options.answerOnPhoneAllowed();
    if (call.direction === 'Outgoing') {
      if (call.phase !== 'ended') await this.#reportServerProblems(calls.abandon(callId, refusal.sentence, refusal.reason));
    } else if (call.phase === 'ringing' && !onPhone) await this.#reportServerProblems(calls.decline(callId, refusal.reason, refusal.sentence));
    else if (call.phase === 'answering' || call.phase === 'connected') await this.#reportServerProblems(calls.hangUp(callId, refusal.sentence, refusal.reason));
  }

  /** A request the core makes by itself: the call may have ended or moved on meanwhile, so only the server's problems are reported. */
  #reportServerProblems(request: Promise<void>): Promise<void> {
    return reportingServerProblems(request, (error) => this.options.onProblem(error));
  }

  /** TURN for bridged calls from the server's mediaRelayAccessToken, when it offers one. */
  async #relay(): Promise<RelayOptions | undefined> {
    const client = this.options.client();
    const href = client?.communication.get('mediaRelayAccessToken');
    if (!client || href === undefined) return undefined;
    try {
      return relayFromToken((await client.getJson(href)).json);
    } catch (error) {
      if (!(error instanceof UcwaError)) throw error;
      this.options.onProblem(error);
      return undefined;
    }
  }
}

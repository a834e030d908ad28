// The core's side of calls placed here through the media bridge: the bridge's offer goes to the callee in
// the Skype for Business dialect, the callee's answer (early media's first) comes back to the bridge, and
// the renderer sees the bridge's WebRTC answer to its own offer in its place, exactly as for a call in
// the WebRTC dialect.
import type { CallSnapshot } from '../../preload/shared/contract.js';
import type { BridgeStats } from './mediaBridge.js';
import type { OutgoingBridge } from './outgoingBridge.js';
import { BridgeRefusal } from './refusal.js';
import { TakenOffers, type NewOfferReplies } from './takenOffers.js';
import type { RelayOptions } from './relayToken.js';

export type BridgedPlacedCallsOptions = NewOfferReplies & {
  loopbackOnly: boolean;
  relay(): Promise<RelayOptions | undefined>;
  /** The renderer's answer became ready: the snapshot changed. */
  changed(): void;
  /** The bridge cannot carry the call (the callee's answer cannot be used, or the media failed): it ends, saying why. */
  failed(callId: string, refusal: BridgeRefusal): void;
};

/**
 * `taken`: the callee's answer the bridge has, and whether it was early media's. `refused`: why the bridge
 * cannot carry the call, which is ending (reported once it can be ended); the callee's answer is still not
 * the renderer's.
 */
type Entry = {
  bridge: OutgoingBridge;
  videoAsked?: true;
  taken?: { sdp: string; provisional: boolean };
  rendererAnswer?: string;
  connected?: true;
  refused?: { refusal: BridgeRefusal; reported: boolean };
};

export class BridgedPlacedCalls {
  readonly #entries = new Map<string, Entry>();
  /** The callee's new offers: each is answered once. */
  readonly #calleeOffers: TakenOffers;

  constructor(private readonly options: BridgedPlacedCallsOptions) {
    this.#calleeOffers = new TakenOffers(options);
  }

  /**
   * Makes the bridge's offer for the renderer's, and places the call with it through `place`; resolves with
   * the call's id. `videoAsked`: the person asked for a video call, which goes through as audio only.
   */
  async place(rendererOfferSdp: string, place: (offerSdp: string) => Promise<string>, videoAsked = false): Promise<string> {
    const relay = this.options.loopbackOnly ? undefined : await this.options.relay();
    // Loaded with the first bridged call: werift and the SRTP code cost memory from then on only.
    const { OutgoingBridge } = await import('./outgoingBridge.js');
    let callId: string | undefined;
    const bridge = await OutgoingBridge.prepare(rendererOfferSdp, {
      loopbackOnly: this.options.loopbackOnly,
      ...(relay && { relay }),
      onFailure: (refusal) => callId !== undefined && this.#fail(callId, refusal),
    });
    try {
      callId = await place(bridge.offerSdp);
    } catch (error) {
      await bridge.close();
      throw error;
    }
    this.#entries.set(callId, { bridge, ...(videoAsked && { videoAsked }) });
    return callId;
  }

  /** Gives each bridge the callee's answer once it comes, and closes those of calls that ended. */
  follow(calls: readonly CallSnapshot[]): void {
    const live = new Map(calls.filter((call) => call.phase !== 'ended').map((call) => [call.id, call]));
    for (const [callId, entry] of this.#entries) {
      const call = live.get(callId);
      if (!call) {
        this.#entries.delete(callId);
        void entry.bridge.close();
        continue;
      }
      if (call.phase === 'connected') entry.connected = true;
      const answer = call.remoteAnswer;
      if (entry.refused) this.#report(callId, entry);
      else if (answer && entry.taken?.sdp !== answer.sdp) this.#take(callId, entry, answer);
      else if (entry.connected) this.#calleeOffers.take(call, (sdp) => entry.bridge.answerCalleeOffer(sdp));
    }
    this.#calleeOffers.forget((id) => this.#entries.has(id));
  }

  #take(callId: string, entry: Entry, answer: { sdp: string; provisional: boolean }): void {
    entry.taken = answer;
    entry.bridge.rendererAnswer(answer.sdp).then(
      (sdp) => {
        if (this.#entries.get(callId) !== entry || entry.rendererAnswer === sdp) return;
        entry.rendererAnswer = sdp;
        this.options.changed();
      },
      (error: unknown) =>
        this.#fail(callId, error instanceof BridgeRefusal ? error : new BridgeRefusal('MediaAllocationFailure', 'The call’s audio could not be set up.')),
    );
  }

  /**
   * The call as the renderer sees it: the bridge's answer to its offer in place of the callee's (none until
   * it is ready); the callee's new offers are the bridge's to answer, and it says when the callee holds;
   * this side's new offers (hold) go through the bridge once the call is connected.
   */
  present(call: CallSnapshot): CallSnapshot {
    const entry = this.#entries.get(call.id);
    if (!entry) return call;
    const { remoteAnswer, renegotiationOffer: _theirs, ...rest } = call;
    const presented = {
      ...rest,
      ...(entry.bridge.heldByCallee && { heldByRemote: true }),
      dialect: 'skypeForBusiness' as const,
      ...(entry.videoAsked && { dialectNote: `${call.context?.to ?? (call.to ?? '').replace(/^sip:/, '')} can take audio only: this is an audio call.` }),
      actions: call.actions.filter((action) => (entry.connected && !entry.refused) || action !== 'renegotiate'),
    };
    return remoteAnswer && entry.rendererAnswer !== undefined ? { ...presented, remoteAnswer: { ...remoteAnswer, sdp: entry.rendererAnswer } } : presented;
  }

  /**
   * This side's new offer (hold, resume) for a call placed through the bridge: the callee's answer, through
   * `exchange`, and the renderer's; undefined when the call is not one of these.
   */
  renegotiate(callId: string, rendererSdp: string, exchange: (calleeOfferSdp: string) => Promise<string>): Promise<string> | undefined {
    return this.#entries.get(callId)?.bridge.offerFromRenderer(rendererSdp, exchange);
  }

  stats(callId: string): BridgeStats | undefined {
    return this.#entries.get(callId)?.bridge.stats();
  }

  async close(): Promise<void> {
    const bridges = [...this.#entries.values()].map((entry) => entry.bridge);
    this.#entries.clear();
    await Promise.all(bridges.map((bridge) => bridge.close()));
  }

  #fail(callId: string, refusal: BridgeRefusal): void {
    const entry = this.#entries.get(callId);
    if (!entry || entry.refused) return;
    entry.refused = { refusal, reported: false };
    void entry.bridge.close();
    this.#report(callId, entry);
  }

  /**
   * The call ends with the refusal: at once while it rings with early media (it is cancelled), else once
   * it connected, since the server connects it as it hands the final answer over (a cancel would be too late).
   */
  #report(callId: string, entry: Entry): void {
    const { refused } = entry;
    if (!refused || refused.reported || (!entry.connected && entry.taken?.provisional === false)) return;
    refused.reported = true;
    this.options.failed(callId, refused.refusal);
  }
}

// The core's side of the bridge: every Skype for Business call that rings gets a media bridge, and its
// snapshot carries the bridge's WebRTC offer instead of the caller's, so the renderer prepares and
// answers it as it does any call. The renderer's answers come back here to become the caller's.
import type { CallSnapshot, DismissReason } from '../../preload/shared/contract.js';
import { analyseOffer } from '../../preload/shared/offerAnalysis.js';
import type { BridgeStats, CallerAnswer, MediaBridge } from './mediaBridge.js';
import { BridgeRefusal } from './refusal.js';
import type { RelayOptions } from './relayToken.js';
import { TakenOffers } from './takenOffers.js';

export type BridgedCallsOptions = {
  loopbackOnly: boolean;
  /** TURN credentials from the server, when it offers them. */
  relay(): Promise<RelayOptions | undefined>;
  /** A bridge became ready or failed: the snapshot changed. */
  changed(): void;
  /** The bridge cannot carry this call (any more): the call is declined or hung up with the reason. */
  failed(callId: string, refusal: BridgeRefusal): void;
  /** The caller's new offer (hold, resume), answered by the bridge in their dialect. */
  answerCallerOffer(callId: string, offerId: string, answerSdp: string): void;
  /** The caller's new offer the bridge cannot follow. */
  refuseCallerOffer(callId: string, offerId: string, reason: DismissReason): void;
};

/** `unused`: the call was answered another way (on the phone) while its bridge waited; the bridge is closed. */
type Entry = { state: 'preparing' } | { state: 'ready'; bridge: MediaBridge } | { state: 'refused'; refusal: BridgeRefusal } | { state: 'unused' };

export class BridgedCalls {
  readonly #entries = new Map<string, Entry>();
  /** The caller's new offers: each is answered once. */
  readonly #callerOffers: TakenOffers;

  constructor(private readonly options: BridgedCallsOptions) {
    this.#callerOffers = new TakenOffers(options);
  }

  /**
   * Prepares a bridge for each Skype for Business call that starts ringing; closes those of calls that are
   * gone, or that stopped ringing without the renderer answering through them.
   */
  follow(calls: readonly CallSnapshot[]): void {
    const byId = new Map(calls.map((call) => [call.id, call]));
    for (const [id, entry] of this.#entries) {
      const call = byId.get(id);
      if (call && (call.phase === 'ringing' || entry.state !== 'ready' || entry.bridge.answered)) continue;
      if (call) this.#entries.set(id, { state: 'unused' });
      else this.#entries.delete(id);
      if (entry.state === 'ready') void entry.bridge.close();
    }
    this.#callerOffers.forget((id) => this.#entries.has(id));
    for (const call of calls) {
      const answerable = call.kind === 'audioVideo' && call.direction === 'Incoming' && call.phase === 'ringing' && call.actions.includes('answer');
      if (answerable && call.offerSdp !== undefined && !this.#entries.has(call.id) && analyseOffer(call.offerSdp).viaBridge)
        this.#prepare(call.id, call.offerSdp);
    }
    // After the walk: answering changes the calls, and the core follows them again from the top.
    for (const call of calls) {
      const entry = this.#entries.get(call.id);
      if (entry?.state === 'ready') this.#callerOffers.take(call, (sdp) => entry.bridge.answerCallerOffer(sdp));
    }
  }

  /**
   * The call as the renderer sees it: the bridge's offer once it is ready (none before), or why the bridge
   * cannot take it. The caller's new offers are the bridge's to answer, and it says when the caller holds;
   * this side's new offers (hold) go through the bridge once it carries the call.
   */
  present(call: CallSnapshot): CallSnapshot {
    const entry = this.#entries.get(call.id);
    if (!entry) return call;
    const { offerSdp: _callers, renegotiationOffer: _theirs, ...rest } = call;
    const carries = entry.state === 'ready' && entry.bridge.answered;
    const presented = { ...rest, actions: call.actions.filter((action) => carries || action !== 'renegotiate') };
    if (entry.state === 'ready') return { ...presented, offerSdp: entry.bridge.rendererOfferSdp, ...(entry.bridge.heldByCaller && { heldByRemote: true }) };
    if (entry.state === 'refused' && call.phase === 'ringing') return { ...presented, answerProblem: entry.refusal.sentence };
    return presented;
  }

  /**
   * The caller's answer for the renderer's, or undefined when the call is not bridged. An answer the bridge
   * refuses (no codec in common) would be refused again however often it came: the call fails with it.
   */
  answer(callId: string, rendererSdp: string): Promise<CallerAnswer> | undefined {
    const entry = this.#entries.get(callId);
    if (!entry) return undefined;
    if (entry.state !== 'ready')
      return Promise.reject(entry.state === 'refused' ? entry.refusal : new BridgeRefusal('MediaAllocationFailure', 'The call’s audio is not ready yet.'));
    return entry.bridge.answer(rendererSdp).catch((error: unknown) => {
      if (error instanceof BridgeRefusal && this.#entries.get(callId) === entry) {
        void entry.bridge.close();
        this.#refuse(callId, error);
      }
      throw error;
    });
  }

  /**
   * This side's new offer (hold, resume) for a bridged call: the caller's answer, through `exchange`, and
   * the renderer's; undefined when the call is not bridged.
   */
  renegotiate(callId: string, rendererSdp: string, exchange: (callerOfferSdp: string) => Promise<string>): Promise<string> | undefined {
    const entry = this.#entries.get(callId);
    if (!entry) return undefined;
    if (entry.state !== 'ready') return Promise.reject(new BridgeRefusal('InvalidMediaOffer', 'The call is not connected yet.'));
    return entry.bridge.offerFromRenderer(rendererSdp, exchange);
  }

  /** Packets and time in the bridge, per direction, for the bench. */
  stats(callId: string): BridgeStats | undefined {
    const entry = this.#entries.get(callId);
    return entry?.state === 'ready' ? entry.bridge.stats() : undefined;
  }

  async close(): Promise<void> {
    const bridges = [...this.#entries.values()].flatMap((entry) => (entry.state === 'ready' ? [entry.bridge] : []));
    this.#entries.clear();
    await Promise.all(bridges.map((bridge) => bridge.close()));
  }

  #prepare(callId: string, offerSdp: string): void {
    const entry: Entry = { state: 'preparing' };
    this.#entries.set(callId, entry);
    const current = () => this.#entries.get(callId) === entry;
    void (async () => {
      try {
        const relay = this.options.loopbackOnly ? undefined : await this.options.relay();
        // Loaded with the first Skype for Business call: werift and the SRTP code cost memory from then on only.
        const { MediaBridge } = await import('./mediaBridge.js');
        const bridge = await MediaBridge.prepare(offerSdp, {
          loopbackOnly: this.options.loopbackOnly,
          ...(relay && { relay }),
          onFailure: (refusal) => this.#refuse(callId, refusal),
        });
        if (!current()) return void bridge.close();
        this.#entries.set(callId, { state: 'ready', bridge });
        this.options.changed();
      } catch (error) {
        const refusal = error instanceof BridgeRefusal ? error : new BridgeRefusal('MediaAllocationFailure', 'The call’s audio could not be set up.');
        if (current()) this.#refuse(callId, refusal);
      }
    })();
  }

  #refuse(callId: string, refusal: BridgeRefusal): void {
    if (!this.#entries.has(callId)) return;
    this.#entries.set(callId, { state: 'refused', refusal });
    this.options.changed();
    this.options.failed(callId, refusal);
  }
}

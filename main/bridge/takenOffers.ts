// The other side's new offers in bridged calls (hold, resume): each is taken up once, answered by the call's
// bridge in that side's dialect, or refused with the reason the bridge gives.
import { DISMISS_REASONS, type CallSnapshot, type DismissReason } from '../../preload/shared/contract.js';
import { BridgeRefusal } from './refusal.js';

export type NewOfferReplies = {
  answerCallerOffer(callId: string, offerId: string, answerSdp: string): void;
  refuseCallerOffer(callId: string, offerId: string, reason: DismissReason): void;
};

export class TakenOffers {
  /** The new offer last taken up, per call. */
  readonly #taken = new Map<string, string>();

  constructor(private readonly replies: NewOfferReplies) {}

  /** Takes up `call`'s new offer, unless taken before, with `answer` (its bridge's; a BridgeRefusal refuses it). */
  take(call: CallSnapshot, answer: (offerSdp: string) => string): void {
    const offer = call.renegotiationOffer;
    if (!offer || this.#taken.get(call.id) === offer.id) return;
    this.#taken.set(call.id, offer.id);
    let answerSdp: string;
    try {
      answerSdp = answer(offer.sdp);
    } catch (error) {
      const reason = error instanceof BridgeRefusal ? DISMISS_REASONS.find((known) => known === error.reason) : 'Unknown';
      return this.replies.refuseCallerOffer(call.id, offer.id, reason ?? 'UnsupportedMedia');
    }
    this.replies.answerCallerOffer(call.id, offer.id, answerSdp);
  }

  /** Forgets the calls `kept` says are gone. */
  forget(kept: (callId: string) => boolean): void {
    for (const id of this.#taken.keys()) if (!kept(id)) this.#taken.delete(id);
  }
}

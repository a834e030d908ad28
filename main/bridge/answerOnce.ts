import { BridgeRefusal } from './refusal.js';

/**
 * An answer made once for one SDP: an early-media answer and the final one must be the same, so asked
 * again with the same SDP it gives the same result, and with another it is refused.
 */
export class AnswerOnce<T> {
  #made: { sdp: string; result: Promise<T> } | undefined;

  /** `differs`: the sentence a different SDP is refused with. */
  constructor(private readonly differs: string) {}

  get made(): boolean {
    return this.#made !== undefined;
  }

  answer(sdp: string, make: (sdp: string) => Promise<T>): Promise<T> {
    if (this.#made && this.#made.sdp !== sdp) return Promise.reject(new BridgeRefusal('InvalidMediaOffer', this.differs));
    this.#made ??= { sdp, result: make(sdp) };
    return this.#made.result;
  }
}

// Calls placed here that go through again when the callee refuses the offer's dialect: a Skype for
// Business client or the Mediation Server fails a WebRTC-dialect offer with MediaEncryptionMismatch
// (it takes only SDES), and the call is placed again, under the same id, in the dialect it takes.
import type { Reason } from '../ucwa/reasons.js';
import type { Call } from './call.js';

/** Places the call again; `giveUp` ends it as the refusal said, when that cannot be done. */
export type Redial = (callId: string, giveUp: () => void) => void;

const REFUSED_DIALECT = 'MediaEncryptionMismatch';

export class Redials {
  /** By call object: a call that ends otherwise takes its redial with it. */
  readonly #byCall = new WeakMap<Call, Redial>();

  set(call: Call, redial: Redial): void {
    this.#byCall.set(call, redial);
  }

  /** Whether the call's end is a refusal of its dialect that is redialled instead; `end` ends it otherwise, or when the redial gives up. */
  take(call: Call, status: string | undefined, reason: Reason | undefined, end: () => void): boolean {
    const redial = this.#byCall.get(call);
    this.#byCall.delete(call);
    if (!redial || status !== 'Failure' || reason?.subcode !== REFUSED_DIALECT) return false;
    redial(call.id, end);
    return true;
  }
}

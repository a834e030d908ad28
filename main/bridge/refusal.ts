import type { DeclineReason } from '../../preload/shared/contract.js';

/**
 * Why the media bridge cannot take a Skype for Business call: the documented decline reason the server
 * passes on to the caller, and one sentence for the person.
 */
export class BridgeRefusal extends Error {
  override name = 'BridgeRefusal';

  constructor(
    readonly reason: DeclineReason,
    readonly sentence: string,
  ) {
    super(sentence);
  }
}

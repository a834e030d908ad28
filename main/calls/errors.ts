import { UcwaError } from '../ucwa/errors.js';

export class UnknownCallError extends Error {
  override name = 'UnknownCallError';
}

/** The action is not legal for the call in its state, or the server offers no link for it. */
export class IllegalActionError extends Error {
  override name = 'IllegalActionError';
}

/** The other side did not take a new offer for the call's media (hold, resume). */
export class RenegotiationFailedError extends Error {
  override name = 'RenegotiationFailedError';
}

/** The server did not offer what the user asked for (no link, or not in this state). */
export class UnavailableActionError extends Error {
  override name = 'UnavailableActionError';
}

/** Incoming invitations arrived while the most calls that ring at once already rang: each was declined. */
export class RingLimitError extends UcwaError {
  override name = 'RingLimitError';
  constructor(
    readonly declined: number,
    limit: number,
    reason: string,
  ) {
    super(
      `Declined ${declined} incoming invitation${declined === 1 ? '' : 's'} with reason ${reason}: ${limit} calls already rang, the most that ring at once`,
    );
  }
}

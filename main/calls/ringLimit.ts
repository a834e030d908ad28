// How many calls ring at once. Past the limit an incoming invitation is declined at once, never shown:
// a flood of invitations (thousands in one event batch) costs a decline request each, not a ring card
// and a bigger snapshot each.
import type { UcwaSession } from '../ucwa/client.js';
import { UcwaError } from '../ucwa/errors.js';
import type { Invitation } from '../ucwa/invitations.js';
import { RingLimitError } from './errors.js';

/**
 * Calls that may ring at once. Two ring cards fill the ring window on a 1080p screen, so a person cannot
 * weigh more than a few calls anyway; four still lets a burst of real callers ring.
 */
export const MOST_RINGING = 4;
/** The reason sent with the decline (CallDeclineReason): this endpoint declines, as for do-not-disturb. */
export const OVER_LIMIT_REASON = 'Local';
/**
 * Decline requests in flight at once: Chromium opens at most six connections to a server, and one holds
 * the event channel; the person's own actions keep a free one.
 */
const DECLINES_AT_ONCE = 4;
/** Past this many waiting declines, more invitations are left to time out on the server as missed. */
const DECLINES_QUEUED = 10_000;

export type RingLimitOptions = { session: UcwaSession; onProblem(error: UcwaError): void };

export class RingLimit {
  readonly #queue: Array<{ href: string; invitationUrl: URL }> = [];
  /** Invitations turned away, until their `completed` arrives: their events are nobody's. */
  readonly #turnedAway = new Set<string>();
  #inFlight = 0;
  #overInBatch = 0;

  constructor(private readonly options: RingLimitOptions) {}

  /** Whether one more incoming call may ring while `ringing` do. */
  admits(ringing: number): boolean {
    return ringing < MOST_RINGING;
  }

  /** Declines an incoming invitation the limit does not admit. */
  turnAway(invitation: Invitation, url: URL): void {
    this.#overInBatch++;
    const href = invitation.links.get('decline');
    if (href === undefined || this.#queue.length >= DECLINES_QUEUED) return;
    this.#turnedAway.add(url.href);
    // One the server never completed is forgotten once as many came after it.
    for (const old of this.#turnedAway) {
      if (this.#turnedAway.size <= DECLINES_QUEUED) break;
      this.#turnedAway.delete(old);
    }
    this.#queue.push({ href, invitationUrl: url });
    this.#next();
  }

  /** Whether the event is about an invitation turned away; its `completed` is the last there will be. */
  owns(url: URL, completed: boolean): boolean {
    const owned = this.#turnedAway.has(url.href);
    if (owned && completed) this.#turnedAway.delete(url.href);
    return owned;
  }

  /** Once per event batch: how many invitations it brought past the limit, as one line for the log. */
  batchDone(): void {
    if (this.#overInBatch > 0) this.options.onProblem(new RingLimitError(this.#overInBatch, MOST_RINGING, OVER_LIMIT_REASON));
    this.#overInBatch = 0;
  }

  #next(): void {
    while (this.#inFlight < DECLINES_AT_ONCE && this.#queue.length > 0) void this.#decline(this.#queue.shift()!);
  }

  async #decline({ href, invitationUrl }: { href: string; invitationUrl: URL }): Promise<void> {
    this.#inFlight++;
    try {
      await this.options.session.post(href, invitationUrl, { body: { json: { reason: OVER_LIMIT_REASON } } });
    } catch (error) {
      if (!(error instanceof UcwaError)) throw error;
      this.#turnedAway.delete(invitationUrl.href);
      this.options.onProblem(error);
    } finally {
      this.#inFlight--;
      this.#next();
    }
  }
}

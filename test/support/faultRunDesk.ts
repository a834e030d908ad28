// The person at the desk in a run under faults: answers even-numbered invitations (acceptWithAnswer with an
// SDP answer) and declines odd ones, each call once; when the action fails and the call still rings, tries
// again, as a person clicks again. Notes what rang and how each call ended, as the app showed it.
import type { Core } from '../../main/core/core.js';
import type { AppSnapshot, CallSnapshot } from '../../preload/shared/contract.js';
import type { HistoryEntry } from '../../preload/shared/history.js';
import { CHROME_OFFER } from './localServer.js';

export type Intent = 'answer' | 'decline';

const ANSWER_SDP = CHROME_OFFER.replace('a=setup:actpass', 'a=setup:active');
const ACTION_ATTEMPTS = 10;
const RETRY_PAUSE_MS = 25;

/** Each placement of invitation `index` has its own subject, so the desk can tell them apart. */
export const subjectOf = (index: number, attempt: number) => `invitation ${index}.${attempt}`;

export function intentOf(subject: string): Intent {
  const index = Number(/^invitation (\d+)\./.exec(subject)?.[1]);
  return index % 2 === 0 ? 'answer' : 'decline';
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Desk {
  /** The call ids each subject rang with. */
  readonly shown = new Map<string, Set<string>>();
  /** How each subject's call ended, as the app's history recorded it. */
  readonly ends = new Map<string, HistoryEntry>();
  /** Actions that failed at first and went through when tried again. */
  retriedActions = 0;
  /** The subject of each call that rang, by its id. */
  readonly #handled = new Map<string, string>();

  constructor(private readonly core: Core) {
    core.subscribe((snapshot) => this.#see(snapshot));
  }

  get ringingOrConnected(): number {
    return this.core.snapshot().calls.length;
  }

  #see(snapshot: AppSnapshot): void {
    for (const call of snapshot.calls) {
      if (call.phase !== 'ringing' || this.#handled.has(call.id)) continue;
      this.#handled.set(call.id, call.subject);
      this.shown.set(call.subject, (this.shown.get(call.subject) ?? new Set()).add(call.id));
      void this.#act(call);
    }
    for (const entry of snapshot.history.recent) {
      const subject = this.#handled.get(entry.id);
      if (subject !== undefined && !this.ends.has(subject)) this.ends.set(subject, entry);
    }
  }

  async #act(call: CallSnapshot): Promise<void> {
    const intent = intentOf(call.subject);
    for (let attempt = 1; ; attempt++) {
      try {
        if (intent === 'answer') await this.core.calls.answer(call.id, ANSWER_SDP);
        else await this.core.calls.decline(call.id);
        if (attempt > 1) this.retriedActions++;
        return;
      } catch {
        if (attempt === ACTION_ATTEMPTS || !this.#rings(call.id)) return;
        await pause(RETRY_PAUSE_MS);
      }
    }
  }

  #rings(callId: string): boolean {
    return this.core.snapshot().calls.some((call) => call.id === callId && call.phase === 'ringing');
  }
}

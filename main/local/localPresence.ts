// Colleagues' presence on the local service, as tests and the bench drive it: whom the applications are
// subscribed to, setting someone's presence, and the schedule that changes everyone's when asked.
import { ContactPresences } from './contactPresences.js';
import type { LocalApplication } from './localApplication.js';
import { PresenceSubscriptions, type PresenceLimits, type SubscriptionView } from './presenceSubscriptions.js';

export type LocalPresenceOptions = {
  /** Changes the presence of everyone subscribed to, each once every `everyMs` (seeded); off by default. */
  presenceSchedule?: { everyMs: number };
  /** How many presence subscriptions an application may hold, and people in each; default 20 of 100. */
  presenceLimits?: PresenceLimits;
  /** Test knob: how long a presence subscription's minute lasts, so expiry can be seen; default 60 s. */
  presenceMinuteMs?: number;
};

export class LocalPresence {
  readonly #presences: ContactPresences;
  /** What the HTTP side serves: the subscriptions and contactPresence. */
  readonly subscriptions: PresenceSubscriptions;
  #schedule: (() => void) | undefined;

  /** `knows`: whether the service knows someone, whose presence it can then tell. */
  constructor(
    knows: (uri: string) => boolean,
    private readonly options: LocalPresenceOptions,
  ) {
    this.#presences = new ContactPresences(knows, (uri) => this.subscriptions.changed(uri));
    this.subscriptions = new PresenceSubscriptions({
      presences: this.#presences,
      ...(options.presenceLimits && { limits: options.presenceLimits }),
      ...(options.presenceMinuteMs !== undefined && { minuteMs: options.presenceMinuteMs }),
    });
  }

  /** Starts the schedule the options ask for, if any. */
  start(): void {
    if (this.options.presenceSchedule) this.changeEvery(this.options.presenceSchedule.everyMs);
  }

  /** Someone's presence changes (availability as contactPresence says it; a test may give one no client knows). */
  set(uri: string, availability: string, activity?: string): void {
    this.#presences.set(uri, availability, activity);
  }

  /** From now on, everyone subscribed to changes presence once every `everyMs` (seeded), until stopSchedule. */
  changeEvery(everyMs: number): void {
    this.stopSchedule();
    this.#schedule = this.#presences.changeEvery(everyMs, () => this.subscriptions.subscribedPeople());
  }

  stopSchedule(): void {
    this.#schedule?.();
    this.#schedule = undefined;
  }

  /** The presence subscriptions the applications hold: whom, and how often each was extended. */
  held(): SubscriptionView[] {
    return this.subscriptions.view();
  }

  /** How many times someone's contactPresence was fetched. */
  gets(uri: string): number {
    return this.subscriptions.contactPresenceGets(uri);
  }

  forget(app: LocalApplication): void {
    this.subscriptions.forget(app);
  }

  stop(): void {
    this.stopSchedule();
    this.subscriptions.stop();
  }
}

import type { UcwaEvent } from '../ucwa/events.js';

/** Events that arrived before the POST creating their invitation returned. */
const EARLY_EVENTS_KEPT = 50;

/** Events about resources this app is creating, by href, until the POST that creates them returns. */
export class EarlyEvents {
  readonly #byHref = new Map<string, UcwaEvent[]>();

  keep(url: URL, event: UcwaEvent): void {
    this.#byHref.set(url.href, [...(this.#byHref.get(url.href) ?? []), event].slice(-EARLY_EVENTS_KEPT));
    for (const key of this.#byHref.keys()) {
      if (this.#byHref.size <= EARLY_EVENTS_KEPT) break;
      this.#byHref.delete(key);
    }
  }

  take(url: URL): UcwaEvent[] {
    const events = this.#byHref.get(url.href) ?? [];
    this.#byHref.delete(url.href);
    return events;
  }
}

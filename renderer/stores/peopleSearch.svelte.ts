// One search box's directory search as the person types: at most one search every PAUSE_MS, the first
// key after a pause searched at once and the last of a burst of keys when the pause is over, so results
// follow the typing without a search per key. Only the answer to the latest text is shown: one the core
// superseded, or that comes back after the text changed again, is dropped.
import type { PersonSummary } from '../../preload/shared/contract';

/** Keys faster than this (a fast typist's burst) make one search. */
const PAUSE_MS = 150;

export class PeopleSearch {
  results = $state<PersonSummary[]>([]);
  more = $state(false);
  /** The text the results answer, once they came back. */
  answered = $state('');
  problem = $state<string | undefined>(undefined);
  #latest = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #sentAt = -Infinity;
  /** Whether a search went to the core since the box was last cleared. */
  #searched = false;

  /** The text in the box changed: search it (now, or once the pause since the last search is over), or clear the results at once when it is blank. */
  typed(query: string): void {
    const asked = ++this.#latest;
    clearTimeout(this.#timer);
    if (query.trim() === '') {
      // Told to the core too, which then stops watching the presence of the people the last results showed.
      if (this.#searched) void window.softphone.send({ type: 'searchPeople', query: '' });
      this.#searched = false;
      return this.#show(query, [], false);
    }
    const wait = this.#sentAt + PAUSE_MS - performance.now();
    if (wait <= 0) return void this.#search(query, asked);
    this.#timer = setTimeout(() => void this.#search(query, asked), wait);
  }

  /** Forgets the text and its results (Escape, or a choice made). */
  clear(): void {
    this.typed('');
  }

  async #search(query: string, asked: number): Promise<void> {
    this.#sentAt = performance.now();
    this.#searched = true;
    const reply = await window.softphone.send({ type: 'searchPeople', query });
    if (asked !== this.#latest) return;
    if (!reply.ok) return this.#show(query, [], false, reply.error.message);
    if (reply.search && reply.search.skipped !== 'superseded') this.#show(query, reply.search.results, reply.search.more);
  }

  #show(query: string, results: PersonSummary[], more: boolean, problem?: string): void {
    this.results = results;
    this.more = more;
    this.answered = query;
    this.problem = problem;
  }
}

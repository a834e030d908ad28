// The history search box on Home: the entries whose name or number holds the text, asked of the core (the
// history is in its database, not in the snapshot). Only the answer to the latest text is shown.
import type { HistoryEntry } from '../../preload/shared/history';

class HistorySearch {
  query = $state('');
  /** The entries found for `answered`, newest first. */
  results = $state.raw<HistoryEntry[]>([]);
  /** The text the results answer, once they came back. */
  answered = $state('');
  problem = $state<string | undefined>(undefined);
  #latest = 0;
  /** Whether the server may keep older logs than the history has read; they are read a page at a time, when wanted. */
  #olderOnServer = true;
  #readingOlder = false;

  /** Searches the text in the box; a blank one shows the newest entries again. */
  async search(query: string): Promise<void> {
    this.query = query;
    const asked = ++this.#latest;
    if (query.trim() === '') return this.#show('', []);
    void this.readOlder();
    const reply = await window.softphone.send({ type: 'searchHistory', query });
    if (asked !== this.#latest) return;
    if (reply.ok) this.#show(query, reply.history ?? []);
    else this.#show(query, [], reply.error.message);
  }

  /** Runs the search again (the history changed while a search was shown). */
  refresh(): void {
    if (this.query.trim() !== '') void this.search(this.query);
  }

  /** Reads the server's next page of older logs (a search, Recent scrolled to its end), then shows a search again with them. */
  async readOlder(): Promise<void> {
    if (!this.#olderOnServer || this.#readingOlder) return;
    this.#readingOlder = true;
    const reply = await window.softphone.send({ type: 'readOlderHistory' }).finally(() => (this.#readingOlder = false));
    // Only the server's word ends the reading: a page that failed is asked for again next time.
    if (reply.ok && reply.moreHistory === false) this.#olderOnServer = false;
    if (reply.ok) this.refresh();
  }

  #show(query: string, results: HistoryEntry[], problem?: string): void {
    this.answered = query;
    this.results = results;
    this.problem = problem;
  }
}

export const historySearch = new HistorySearch();

import type { AppSnapshot } from '../../preload/shared/contract.js';

export type SnapshotContent = Omit<AppSnapshot, 'revision'>;

/**
 * Gives snapshots their revisions and sends them to the windows: one snapshot for all the changes made
 * within one task (coalesced in a microtask) or within one event batch however many awaits it spans
 * (asOne), and none for a change that changed nothing.
 */
export class SnapshotPublisher {
  readonly #listeners = new Set<(snapshot: AppSnapshot) => void>();
  /** Called before the others: see subscribe. */
  readonly #firstListeners = new Set<(snapshot: AppSnapshot) => void>();
  /** The last snapshot built, with its JSON to tell whether the next one differs. */
  #latest: { serialized: string; snapshot: AppSnapshot } | undefined;
  #publishedRevision = 0;
  #scheduled = false;
  /** Changes being made as one (asOne): nothing goes out until the last is done. */
  #holding = 0;
  #changedWhileHolding = false;

  constructor(private readonly build: () => SnapshotContent) {}

  /** The app as it is now; equal to the last one, it is that one, revision and all. */
  current(): AppSnapshot {
    const content = this.build();
    const serialized = JSON.stringify(content);
    if (this.#latest?.serialized !== serialized) this.#latest = { serialized, snapshot: { revision: (this.#latest?.snapshot.revision ?? 0) + 1, ...content } };
    return this.#latest.snapshot;
  }

  /** Something changed: the snapshot goes out once the current task has made all its changes. */
  changed(): void {
    if (this.#holding > 0) {
      this.#changedWhileHolding = true;
      return;
    }
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      this.#publish();
    });
  }

  /** Makes `change` (an event batch) one change: what it changes goes out in one snapshot once it is done. */
  async asOne<T>(change: () => Promise<T>): Promise<T> {
    this.#holding++;
    try {
      return await change();
    } finally {
      this.#holding--;
      if (this.#holding === 0 && this.#changedWhileHolding) {
        this.#changedWhileHolding = false;
        this.changed();
      }
    }
  }

  /**
   * `first`: called before every listener that is not, whenever either subscribed. The ring window's feed
   * is: its card is the one thing waiting on a ring, and the main window's copy is the whole snapshot to
   * serialise and send.
   */
  subscribe(listener: (snapshot: AppSnapshot) => void, { first = false }: { first?: boolean } = {}): () => void {
    const listeners = first ? this.#firstListeners : this.#listeners;
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  #publish(): void {
    const snapshot = this.current();
    if (snapshot.revision === this.#publishedRevision) return;
    this.#publishedRevision = snapshot.revision;
    for (const listener of [...this.#firstListeners, ...this.#listeners]) listener(snapshot);
  }
}

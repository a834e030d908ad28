// What the calls are doing, as the desktop shell needs to know: whether the person is in a call (the tray
// says so, the display stays awake) and which calls were just missed (the taskbar flashes, a notification
// tells). Without Electron, so it is tested in Node.
import type { AppSnapshot, CallSnapshot } from '../../preload/shared/contract.js';
import type { HistoryEntry } from '../../preload/shared/history.js';

/** The history's ids a watch remembers at most (the newest): far more than Recent shows. */
const REMEMBERED = 500;

/** An audio or video call being answered or connected, or a meeting with its audio and video on. */
export function isInCall(call: CallSnapshot): boolean {
  return (call.kind === 'audioVideo' && (call.phase === 'answering' || call.phase === 'connected')) || call.meetingMedia?.phase === 'connected';
}

/** Whether the display must not sleep: someone may be watching the other side's video, or just talking. */
export function needsDisplayAwake(snapshot: AppSnapshot): boolean {
  return snapshot.calls.some(isInCall);
}

/**
 * The calls this app saw ring and nobody answered, as the lasting history records them: each one once, from
 * the snapshots after the first on (what Recent held then, and the server's logs, were not missed here now).
 */
export class MissedCallWatch {
  readonly #known = new Set<string>();

  constructor(first: AppSnapshot) {
    this.#remember(first);
  }

  /** The missed calls recorded since the snapshots seen before, newest first. */
  take(snapshot: AppSnapshot): HistoryEntry[] {
    const missed = snapshot.history.recent.filter((entry) => entry.source === 'local' && entry.outcome === 'missed' && !this.#known.has(entry.id));
    this.#remember(snapshot);
    return missed;
  }

  #remember(snapshot: AppSnapshot): void {
    for (const { id } of snapshot.history.recent) this.#known.add(id);
    for (const id of this.#known) {
      if (this.#known.size <= REMEMBERED) break;
      this.#known.delete(id);
    }
  }
}

import type { HistoryEntry } from '../../preload/shared/history.js';
import type { MissedSnapshot } from '../../preload/shared/serverHistory.js';

/**
 * The count on the missed-calls badge (Home, the tray, the taskbar): the server's unread missed
 * conversations and voicemails where it offers missedItems (markAsRead clears them there); else the
 * missed calls in Recent that ended since the person last looked at it, or since sign-in (a mark kept
 * here, for the session).
 */
export class MissedBadge {
  #seenAt: number;

  constructor(now = Date.now()) {
    this.#seenAt = now;
  }

  /** The person has seen Recent. */
  seen(now = Date.now()): void {
    this.#seenAt = now;
  }

  count(missedItems: MissedSnapshot | undefined, recent: readonly HistoryEntry[]): MissedSnapshot {
    if (missedItems) return missedItems;
    const unseen = recent.filter((entry) => entry.outcome === 'missed' && entry.endedAt > this.#seenAt);
    return { calls: unseen.length, voicemails: 0 };
  }
}

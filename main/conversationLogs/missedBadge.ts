import type { CallSnapshot } from '../../preload/shared/snapshots.js';
import type { MissedSnapshot } from '../../preload/shared/serverHistory.js';

/**
 * The count on the missed-calls badge (Home, the tray, the taskbar): the server's unread missed
 * conversations and voicemails where it offers missedItems (markAsRead clears them there); else the
 * missed calls in Recent since the person last looked at it (a mark kept here, for the session).
 */
export class MissedBadge {
  #seenAt = 0;

  /** The person has seen Recent. */
  seen(now = Date.now()): void {
    this.#seenAt = now;
  }

  count(missedItems: MissedSnapshot | undefined, recent: readonly CallSnapshot[]): MissedSnapshot {
    if (missedItems) return missedItems;
    const unseen = recent.filter((call) => call.end?.outcome === 'missed' && call.end.endedAt > this.#seenAt);
    return { calls: unseen.length, voicemails: 0 };
  }
}

// Which missed calls the desktop tells the person about, and what the notification's Call back does.
// Pure, so it is tested in Node; missedCallNotifications.ts is the thin Electron side.
import type { AppSnapshot } from '../../preload/shared/contract.js';
import { callBackOfEntry } from '../../preload/shared/history.js';
import type { LinkRequestEntry } from '../core/linkRequests.js';
import type { MissedCallWatch } from './callActivity.js';

/** One notification: who called, and whom Call back calls (none for a withheld number). */
export type MissedCallNotice = { callId: string; title: string; body: string; callBack?: string };

/**
 * The audio and video calls the history recorded as missed since the watch's previous snapshot, each told
 * once; none while the person turned do-not-disturb on (the badge still counts them).
 */
export function newMissedCallNotices(watch: MissedCallWatch, snapshot: AppSnapshot): MissedCallNotice[] {
  const missed = watch.take(snapshot);
  if (snapshot.settings.doNotDisturb !== 'off') return [];
  return missed
    .filter((entry) => entry.kind === 'audio' || entry.kind === 'video')
    .map((entry) => {
      const callBack = callBackOfEntry(entry);
      return {
        callId: entry.id,
        title: `Missed call from ${entry.address === undefined ? 'someone' : entry.name}`,
        body: 'Call back from here or from Recent.',
        ...(callBack && { callBack: callBack.address }),
      };
    });
}

/**
 * Call back on the notification: the main window is shown and places the call at once (it has the media),
 * the click on Call back being the person's word, where a link to call someone asks first; nothing when the
 * caller withheld their number.
 */
export function callBackRequest(notice: MissedCallNotice): LinkRequestEntry | undefined {
  return notice.callBack === undefined ? undefined : { kind: 'call', address: notice.callBack, callBack: true };
}

/** The number on the taskbar or dock badge and in the tray: missed calls not seen yet and unread voicemails. */
export function missedBadgeCount(snapshot: AppSnapshot): number {
  return snapshot.missed.calls + snapshot.missed.voicemails;
}

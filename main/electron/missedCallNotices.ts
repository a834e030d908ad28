// Which missed calls the desktop tells the person about, and what the notification's Call back does.
// Pure, so it is tested in Node; missedCallNotifications.ts is the thin Electron side.
import type { AppSnapshot } from '../../preload/shared/contract.js';
import type { LinkRequestEntry } from '../core/linkRequests.js';
import { newMissedCalls } from './callActivity.js';

/** One notification: who called, and whom Call back calls (none for a withheld number). */
export type MissedCallNotice = { callId: string; title: string; body: string; callBack?: string };

/**
 * The audio and video calls missed since the previous snapshot, each told once; none while the person
 * turned do-not-disturb on (the badge still counts them).
 */
export function newMissedCallNotices(previousRecentIds: ReadonlySet<string>, snapshot: AppSnapshot): MissedCallNotice[] {
  if (snapshot.settings.doNotDisturb !== 'off') return [];
  return newMissedCalls(previousRecentIds, snapshot)
    .filter((call) => call.kind === 'audioVideo')
    .map((call) => {
      const from = call.caller?.name || call.caller?.uri.replace(/^(sip|tel):/i, '') || 'someone';
      return {
        callId: call.id,
        title: `Missed call from ${from}`,
        body: call.subject ? `“${call.subject}”` : 'Call back from here or from Recent.',
        ...(call.callBack && { callBack: call.callBack.address }),
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

import { app, Notification } from 'electron';
import type { Core } from '../core/core.js';
import { MissedCallWatch } from './callActivity.js';
import { callBackRequest, missedBadgeCount, newMissedCallNotices } from './missedCallNotices.js';

/**
 * An OS notification for each missed call, with Call back (macOS and Windows show the action; a click
 * elsewhere opens the app), and the missed count on the dock or taskbar badge (macOS, Linux's Unity
 * launchers; Windows has no badge count, the taskbar flashes instead: missedCallFlash.ts).
 */
export function notifyMissedCalls(core: Core, showMainWindow: () => void): void {
  const watch = new MissedCallWatch(core.snapshot());
  // By call, until closed or clicked: a notification nobody references may be collected and its click lost.
  const shown = new Map<string, Notification>();
  let badge = -1;
  core.subscribe((snapshot) => {
    for (const notice of newMissedCallNotices(watch, snapshot)) {
      const request = callBackRequest(notice);
      const notification = new Notification({ title: notice.title, body: notice.body, actions: request ? [{ type: 'button', text: 'Call back' }] : [] });
      shown.set(notice.callId, notification);
      notification.on('action', () => {
        shown.delete(notice.callId);
        if (request) core.requestFromLink(request);
        showMainWindow();
      });
      notification.on('click', () => {
        shown.delete(notice.callId);
        showMainWindow();
      });
      notification.on('close', () => shown.delete(notice.callId));
      notification.show();
    }
    const count = missedBadgeCount(snapshot);
    if (count !== badge) app.setBadgeCount(count);
    badge = count;
  });
}

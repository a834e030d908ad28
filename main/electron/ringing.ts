// The desktop side of a ring: the ring window shown without focus and sized to its cards, an OS
// notification when the main window is out of sight, and the system-wide answer shortcut.
import { globalShortcut, Notification, screen, type BrowserWindow } from 'electron';
import type { Logger } from '../logging/logger.js';
import type { Core } from '../core/core.js';
import { answerShortcutWanted, newRingNotices, staleRingNotices, watchAnswerChoices } from './ringNotifications.js';
import type { RingContentReport } from '../../preload/shared/contract.js';
import { ringContentHeight, ringWindowBounds } from './ringPlacement.js';
import { bringToFront } from './windows.js';

/** `fitContent`: the ring window's content height, as its page measured it (fitRingWindow). */
export function watchRings(core: Core, main: BrowserWindow, ring: BrowserWindow, logger: Logger): { fitContent(report: RingContentReport): void } {
  let ringing = new Set<string>();
  let measured: RingContentReport | undefined;
  const answeredAsChosen = watchAnswerChoices();
  // The shortcut last wanted, and the one registered: they differ when another application owns it.
  let wantedShortcut: string | undefined;
  let heldShortcut: string | undefined;
  let reportedTaken: string | undefined;
  // By call, until withdrawn, closed or clicked: a notification nobody references may be collected and its click lost.
  const shown = new Map<string, Notification>();
  core.subscribe((snapshot) => {
    const now = snapshot.calls.filter((call) => call.phase === 'ringing');
    showRingWindow(ring, now.length, ringContentHeight(measured, now.length));

    const inSight = !main.isDestroyed() && main.isVisible() && !main.isMinimized() && main.isFocused();
    for (const notice of newRingNotices(snapshot, ringing, inSight)) {
      // Silent: the ringtone already sounds on the chosen device.
      const notification = new Notification({ title: notice.title, body: notice.body, silent: true });
      shown.set(notice.callId, notification);
      notification.on('click', () => {
        shown.delete(notice.callId);
        bringToFront(main);
      });
      notification.on('close', () => shown.delete(notice.callId));
      notification.show();
    }
    for (const callId of staleRingNotices(shown.keys(), snapshot)) {
      shown.get(callId)?.close();
      shown.delete(callId);
    }
    ringing = new Set(now.map((call) => call.id));

    if (answeredAsChosen(snapshot)) bringToFront(main);

    const wanted = answerShortcutWanted(snapshot);
    if (wanted !== wantedShortcut) {
      wantedShortcut = wanted;
      if (heldShortcut) globalShortcut.unregister(heldShortcut);
      heldShortcut = wanted && globalShortcut.register(wanted, () => core.answerNewestRinging()) ? wanted : undefined;
      if (wanted && !heldShortcut && reportedTaken !== wanted) {
        reportedTaken = wanted;
        logger.warn(`The answer shortcut ${wanted} is taken by another application`);
      }
    }
  });
  return {
    fitContent(report) {
      measured = report;
      if (ringing.size > 0) showRingWindow(ring, ringing.size, ringContentHeight(report, ringing.size));
    },
  };
}

/** Shows the ring window (without focus) as tall as its content, or hides it when none rings. */
function showRingWindow(ring: BrowserWindow, ringing: number, contentHeight: number): void {
  if (ring.isDestroyed()) return;
  if (ringing === 0) return ring.hide();
  ring.setBounds(ringWindowBounds(screen.getPrimaryDisplay().workArea, contentHeight));
  if (!ring.isVisible()) ring.showInactive();
}

// The tray's status line, tooltip and menu, from a snapshot. Pure (type imports only), so it is tested in
// Node; tray.ts puts it on screen.
import type { MenuItemConstructorOptions } from 'electron';
import type { AccountSnapshot, AppSnapshot, ChosenAvailability, ForwardingChoice, Settings } from '../../preload/shared/contract.js';
import { AVAILABILITY_LABELS, CHOSEN_AVAILABILITIES } from '../../preload/shared/people.js';
import { presenceLabel, presenceTone, type PresenceTone } from '../../preload/shared/presence.js';
import { isInCall } from './callActivity.js';
import { trayForwardingItems } from './trayForwarding.js';
import { missedBadgeCount } from './missedCallNotices.js';

/** The status in words, and its presence tone (the icon's dot), none while signing in. */
export type TrayStatus = { tone: PresenceTone | 'signingIn'; text: string };

const ACCOUNT_STATUS: Record<Exclude<AccountSnapshot['state'], 'signedIn'>, TrayStatus> = {
  signingIn: { tone: 'signingIn', text: 'Signing in…' },
  signedOut: { tone: 'offline', text: 'Signed out' },
  failed: { tone: 'offline', text: 'Offline' },
};

/** Signed in, the status the server reports (Busy, in a call; Away…); where it reports none, the calls and the app's do-not-disturb say it. */
export function trayStatus(snapshot: AppSnapshot): TrayStatus {
  const { state } = snapshot.account;
  if (state !== 'signedIn') return ACCOUNT_STATUS[state];
  const reported = snapshot.people.me?.presence;
  if (reported && reported.availability !== 'Unknown') return { tone: presenceTone(reported), text: presenceLabel(reported) };
  if (snapshot.calls.some(isInCall)) return { tone: 'busy', text: 'In a call' };
  if (snapshot.settings.doNotDisturb !== 'off') return { tone: 'dnd', text: 'Do not disturb' };
  return { tone: 'available', text: 'Available' };
}

export function trayToolTip(snapshot: AppSnapshot): string {
  const missed = missedBadgeCount(snapshot);
  return `Softphone: ${trayStatus(snapshot).text}${missed > 0 ? ` · ${missed} missed` : ''}`;
}

export type TrayActions = {
  open(): void;
  setDoNotDisturb(value: Settings['doNotDisturb']): void;
  /** Sets the status colleagues see on the server (do-not-disturb follows it). */
  setAvailability(availability: ChosenAvailability): void;
  /** Changes where calls go (the quick choices; Settings has the rest). */
  setForwarding(choice: ForwardingChoice): void;
  exportDiagnostics(): void;
  quit(): void;
};

export function trayMenuTemplate(snapshot: AppSnapshot, actions: TrayActions): MenuItemConstructorOptions[] {
  const doNotDisturb = snapshot.settings.doNotDisturb !== 'off';
  const me = snapshot.account.state === 'signedIn' ? snapshot.people.me : undefined;
  // Where the server takes a status, the six statuses stand for the toggle: do-not-disturb is one of them.
  const status: MenuItemConstructorOptions[] = me?.canSetAvailability
    ? CHOSEN_AVAILABILITIES.map((availability) => ({
        label: AVAILABILITY_LABELS[availability],
        type: 'radio',
        checked: me.presence.availability === availability,
        click: () => actions.setAvailability(availability),
      }))
    : [
        // Turned on from the tray, calls still ring silently: a quick toggle should not turn callers away.
        {
          label: 'Do not disturb',
          type: 'checkbox',
          checked: doNotDisturb,
          enabled: !snapshot.policy.locked.includes('doNotDisturb'),
          click: () => actions.setDoNotDisturb(doNotDisturb ? 'off' : 'silence'),
        },
      ];
  return [
    { label: `Status: ${trayStatus(snapshot).text}`, enabled: false },
    { type: 'separator' },
    { label: 'Open Softphone', click: () => actions.open() },
    ...status,
    ...trayForwardingItems(snapshot, (choice) => actions.setForwarding(choice)),
    { type: 'separator' },
    { label: 'Export diagnostics…', click: () => actions.exportDiagnostics() },
    { type: 'separator' },
    { label: 'Quit Softphone', click: () => actions.quit() },
  ];
}

/** The icon's size in pixels: Linux panels (AppIndicator) draw 22, Windows and macOS 16. */
export function trayIconSize(platform: NodeJS.Platform): number {
  return platform === 'linux' ? 22 : 16;
}

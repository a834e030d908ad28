// The tray's status line, tooltip and menu, from a snapshot. Pure (type imports only), so it is tested in
// Node; tray.ts puts it on screen.
import type { MenuItemConstructorOptions } from 'electron';
import type { AccountSnapshot, AppSnapshot, ChosenAvailability, Settings } from '../../preload/shared/contract.js';
import { AVAILABILITY_LABELS, CHOSEN_AVAILABILITIES } from '../../preload/shared/people.js';
import { isInCall } from './callActivity.js';

export type TrayStatus = { kind: 'available' | 'inCall' | 'doNotDisturb' | 'signingIn' | 'offline'; text: string };

const ACCOUNT_STATUS: Record<Exclude<AccountSnapshot['state'], 'signedIn'>, TrayStatus> = {
  signingIn: { kind: 'signingIn', text: 'Signing in…' },
  signedOut: { kind: 'offline', text: 'Signed out' },
  failed: { kind: 'offline', text: 'Offline' },
};

export function trayStatus(snapshot: AppSnapshot): TrayStatus {
  const { state } = snapshot.account;
  if (state !== 'signedIn') return ACCOUNT_STATUS[state];
  if (snapshot.calls.some(isInCall)) return { kind: 'inCall', text: 'In a call' };
  if (snapshot.settings.doNotDisturb !== 'off') return { kind: 'doNotDisturb', text: 'Do not disturb' };
  return { kind: 'available', text: 'Available' };
}

export function trayToolTip(snapshot: AppSnapshot): string {
  return `Softphone: ${trayStatus(snapshot).text}`;
}

export type TrayActions = {
  open(): void;
  setDoNotDisturb(value: Settings['doNotDisturb']): void;
  /** Sets the status colleagues see on the server (do-not-disturb follows it). */
  setAvailability(availability: ChosenAvailability): void;
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

// The tray's status follows what the server reports of the person (issue 16, my presence): the words of
// the status line and tooltip, and the dot drawn on the icon, falling back to the calls and the app's
// do-not-disturb where the server reports nothing.
import { describe, expect, it } from 'vitest';
import { TRAY_DOT_COLOURS, withStatusDot } from '../../main/electron/trayIcon.js';
import { trayMenuTemplate, trayStatus, trayToolTip, type TrayActions } from '../../main/electron/trayMenu.js';
import { DEFAULT_SETTINGS, type AppSnapshot, type Presence, type Settings } from '../../preload/shared/contract.js';
import { appSnapshot, callSnapshot } from '../support/snapshots.js';

const reporting = (presence: Presence | undefined, settings: Partial<Settings> = {}, overrides: Partial<AppSnapshot> = {}): AppSnapshot =>
  appSnapshot({
    settings: { ...DEFAULT_SETTINGS, ...settings },
    people: { canSearch: true, presence: {}, ...(presence && { me: { presence, canSetAvailability: true, canSetNote: true, canSetLocation: true } }) },
    ...overrides,
  });
const NO_ACTIONS: TrayActions = { open() {}, setDoNotDisturb() {}, setAvailability() {}, setForwarding() {}, exportDiagnostics() {}, quit() {} };

describe('the tray’s status', () => {
  it('is the status the server reports, with what it says the person is doing', () => {
    expect(trayStatus(reporting({ availability: 'Busy', activity: 'InACall' }))).toEqual({ tone: 'busy', text: 'Busy, in a call' });
    expect(trayStatus(reporting({ availability: 'DoNotDisturb' }))).toEqual({ tone: 'dnd', text: 'Do not disturb' });
    expect(trayStatus(reporting({ availability: 'Away', activity: 'OutOfOffice' }))).toEqual({ tone: 'away', text: 'Away, out of office' });
    expect(trayStatus(reporting({ availability: 'IdleOnline' }))).toEqual({ tone: 'away', text: 'Inactive' });
    // The server's word wins over the app's: Available although the app's do-not-disturb was on when it was read.
    expect(trayStatus(reporting({ availability: 'Online' }, { doNotDisturb: 'silence' }))).toEqual({ tone: 'available', text: 'Available' });
    expect(trayToolTip(reporting({ availability: 'BeRightBack' }))).toBe('Softphone: Be right back');
    expect(trayMenuTemplate(reporting({ availability: 'Busy', activity: 'InACall' }), NO_ACTIONS)[0]).toMatchObject({ label: 'Status: Busy, in a call' });
  });

  it('falls back to the calls and the app’s do-not-disturb where the server reports none, or one the app does not know', () => {
    const inCall = { calls: [callSnapshot('a', { phase: 'connected' })] };
    expect(trayStatus(reporting(undefined, {}, inCall))).toEqual({ tone: 'busy', text: 'In a call' });
    expect(trayStatus(reporting({ availability: 'Unknown' }, {}, inCall))).toEqual({ tone: 'busy', text: 'In a call' });
    expect(trayStatus(reporting({ availability: 'Unknown' }, { doNotDisturb: 'decline' }))).toEqual({ tone: 'dnd', text: 'Do not disturb' });
    expect(trayStatus(reporting(undefined))).toEqual({ tone: 'available', text: 'Available' });
  });
});

describe('the tray icon’s dot', () => {
  const SIZE = 16;
  const icon = new Uint8Array(SIZE * SIZE * 4).fill(0x40);
  /** The pixel at x, y as red, green, blue, alpha (the bitmap is BGRA). */
  const pixel = (bitmap: Uint8Array, x: number, y: number) => {
    const [b, g, r, a] = bitmap.subarray((y * SIZE + x) * 4, (y * SIZE + x) * 4 + 4);
    return [r, g, b, a];
  };

  it('is drawn in the status’s colour in the lower right corner, the rest of the icon untouched', () => {
    const busy = withStatusDot(icon, SIZE, SIZE, 'busy');
    expect(pixel(busy, 11, 11)).toEqual([...TRAY_DOT_COLOURS.busy, 0xff]);
    expect(pixel(busy, 2, 2)).toEqual([0x40, 0x40, 0x40, 0x40]);
    expect(pixel(busy, 15, 0)).toEqual([0x40, 0x40, 0x40, 0x40]);
    expect(pixel(withStatusDot(icon, SIZE, SIZE, 'available'), 11, 11)).toEqual([...TRAY_DOT_COLOURS.available, 0xff]);
    expect(icon.every((byte) => byte === 0x40)).toBe(true);
  });

  it('has a white bar for do not disturb, and no dot while signing in', () => {
    const dnd = withStatusDot(icon, SIZE, SIZE, 'dnd');
    expect(pixel(dnd, 11, 11)).toEqual([0xff, 0xff, 0xff, 0xff]);
    expect(pixel(dnd, 11, 13)).toEqual([...TRAY_DOT_COLOURS.dnd, 0xff]);
    expect(withStatusDot(icon, SIZE, SIZE, 'signingIn')).toEqual(icon);
  });
});

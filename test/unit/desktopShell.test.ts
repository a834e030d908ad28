import { describe, expect, it } from 'vitest';
import {
  autostartDesktopEntry,
  autostartFilePath,
  DesktopEntryError,
  HIDDEN_FLAG,
  launcherPath,
  loginItemSettings,
  startsHidden,
} from '../../main/electron/autostart.js';
import { isInCall, MissedCallWatch, needsDisplayAwake } from '../../main/electron/callActivity.js';
import { trayIconSize, trayMenuTemplate, trayStatus, trayToolTip } from '../../main/electron/trayMenu.js';
import { DEFAULT_SETTINGS, type AppSnapshot, type Settings } from '../../preload/shared/contract.js';
import type { HistoryEntry } from '../../preload/shared/history.js';
import { appSnapshot, callSnapshot, historyEntry, NO_POLICY } from '../support/snapshots.js';
import { spiedTrayActions } from '../support/trayActions.js';

const call = callSnapshot;
const snapshot = (overrides: Partial<AppSnapshot> = {}, settings: Partial<Settings> = {}): AppSnapshot =>
  appSnapshot({ settings: { ...DEFAULT_SETTINGS, ...settings }, ...overrides });
const withRecent = (recent: HistoryEntry[]) => snapshot({ history: { recent } });

describe('being in a call', () => {
  it('means an audio/video call answering or connected, or a meeting with its audio on', () => {
    expect(isInCall(call('a', { phase: 'answering' }))).toBe(true);
    expect(isInCall(call('a', { phase: 'connected' }))).toBe(true);
    expect(isInCall(call('a', { kind: 'onlineMeeting', phase: 'connected', meetingMedia: { phase: 'connected' } }))).toBe(true);
    expect(isInCall(call('a'))).toBe(false);
    expect(isInCall(call('a', { kind: 'messaging', phase: 'connected' }))).toBe(false);
    expect(isInCall(call('a', { kind: 'onlineMeeting', phase: 'connected' }))).toBe(false);
    expect(isInCall(call('a', { kind: 'onlineMeeting', phase: 'connected', meetingMedia: { phase: 'connecting' } }))).toBe(false);
    expect(isInCall(call('a', { kind: 'participant', direction: 'Outgoing', phase: 'connected' }))).toBe(false);
  });

  it('keeps the display awake while any call is on, and only then', () => {
    expect(needsDisplayAwake(snapshot({ calls: [call('a'), call('b', { phase: 'connected' })] }))).toBe(true);
    expect(needsDisplayAwake(snapshot({ calls: [call('a')] }))).toBe(false);
    expect(needsDisplayAwake(withRecent([historyEntry('a', { outcome: 'answered' })]))).toBe(false);
  });
});

describe('missed calls', () => {
  it('are the missed calls the lasting history records after the first snapshot, each once', () => {
    const answered = historyEntry('b', { outcome: 'answered' });
    const watch = new MissedCallWatch(withRecent([historyEntry('a')]));
    const now = withRecent([historyEntry('c'), answered, historyEntry('a')]);
    expect(watch.take(now).map((entry) => entry.id)).toEqual(['c']);
    expect(watch.take(now)).toEqual([]);
    expect(new MissedCallWatch(withRecent([])).take(withRecent([answered]))).toEqual([]);
  });
});

describe('the tray', () => {
  it('says signing in, offline, and where the server reports no status in a call, do not disturb or available', () => {
    expect(trayStatus(snapshot({ account: { state: 'signingIn', server: 'remote' } }))).toEqual({ tone: 'signingIn', text: 'Signing in…' });
    expect(trayStatus(snapshot({ account: { state: 'failed', server: 'remote', problem: 'x' } }))).toEqual({ tone: 'offline', text: 'Offline' });
    expect(trayStatus(snapshot({ account: { state: 'signedOut', server: 'remote' } }))).toEqual({ tone: 'offline', text: 'Signed out' });
    expect(trayStatus(snapshot({ calls: [call('a', { phase: 'connected' })] }, { doNotDisturb: 'decline' }))).toEqual({ tone: 'busy', text: 'In a call' });
    expect(trayStatus(snapshot({}, { doNotDisturb: 'silence' }))).toEqual({ tone: 'dnd', text: 'Do not disturb' });
    expect(trayStatus(snapshot({ calls: [call('a')] }))).toEqual({ tone: 'available', text: 'Available' });
    expect(trayToolTip(snapshot())).toBe('Softphone: Available');
  });

  it('offers Open, a do-not-disturb toggle, Export diagnostics and Quit', () => {
    const actions = spiedTrayActions();
    const menu = trayMenuTemplate(snapshot(), actions);
    expect(menu.map((item) => item.label ?? item.type)).toEqual([
      'Status: Available',
      'separator',
      'Open Softphone',
      'Do not disturb',
      'separator',
      'Export diagnostics…',
      'separator',
      'Quit Softphone',
    ]);
    expect(menu[0]?.enabled).toBe(false);
    const click = (label: string, items = menu) => (items.find((item) => item.label === label)?.click as () => void)();
    click('Open Softphone');
    click('Export diagnostics…');
    click('Quit Softphone');
    expect(actions.open).toHaveBeenCalledOnce();
    expect(actions.exportDiagnostics).toHaveBeenCalledOnce();
    expect(actions.quit).toHaveBeenCalledOnce();

    expect(menu[3]).toMatchObject({ type: 'checkbox', checked: false, enabled: true });
    click('Do not disturb');
    expect(actions.setDoNotDisturb).toHaveBeenLastCalledWith('silence');
    for (const doNotDisturb of ['silence', 'decline'] as const) {
      const on = trayMenuTemplate(snapshot({}, { doNotDisturb }), actions);
      expect(on[3]).toMatchObject({ checked: true });
      click('Do not disturb', on);
      expect(actions.setDoNotDisturb).toHaveBeenLastCalledWith('off');
    }
  });

  it('offers the six statuses as radio items where the server takes a status, the reported one checked, in place of the do-not-disturb toggle', () => {
    const actions = spiedTrayActions();
    const me = { presence: { availability: 'Busy' as const, activity: 'InACall' }, canSetAvailability: true, canSetNote: true, canSetLocation: true };
    const menu = trayMenuTemplate(snapshot({ people: { canSearch: true, me, presence: {} } }), actions);
    const radios = menu.filter((item) => item.type === 'radio');
    expect(radios.map((item) => [item.label, item.checked])).toEqual([
      ['Available', false],
      ['Busy', true],
      ['Do not disturb', false],
      ['Be right back', false],
      ['Away', false],
      ['Off work', false],
    ]);
    expect(menu.some((item) => item.type === 'checkbox')).toBe(false);
    (radios[2]?.click as () => void)();
    expect(actions.setAvailability).toHaveBeenCalledWith('DoNotDisturb');
    // Without a status link on the server, the toggle stays.
    const noLink = trayMenuTemplate(snapshot({ people: { canSearch: true, me: { ...me, canSetAvailability: false }, presence: {} } }), actions);
    expect(noLink.filter((item) => item.type === 'radio')).toEqual([]);
    expect(noLink.find((item) => item.label === 'Do not disturb')).toMatchObject({ type: 'checkbox' });
  });

  it('greys out do-not-disturb when the administrator locked it', () => {
    const locked = snapshot({ policy: { ...NO_POLICY, locked: ['doNotDisturb'] } }, { doNotDisturb: 'decline' });
    expect(trayMenuTemplate(locked, spiedTrayActions())[3]).toMatchObject({
      checked: true,
      enabled: false,
    });
  });

  it('draws its icon at the size each platform’s tray uses', () => {
    expect(trayIconSize('linux')).toBe(22);
    expect(trayIconSize('win32')).toBe(16);
    expect(trayIconSize('darwin')).toBe(16);
  });
});

describe('start at login', () => {
  it('gives Windows and macOS a login item, with --hidden when the window should stay hidden', () => {
    expect(loginItemSettings('hidden', 'C:\\Program Files\\Softphone\\Softphone.exe')).toEqual({
      openAtLogin: true,
      path: 'C:\\Program Files\\Softphone\\Softphone.exe',
      args: ['--hidden'],
    });
    expect(loginItemSettings('shown', '/Applications/Softphone.app/Contents/MacOS/Softphone')).toEqual({
      openAtLogin: true,
      path: '/Applications/Softphone.app/Contents/MacOS/Softphone',
      args: [],
    });
    expect(loginItemSettings('off', 'x')).toMatchObject({ openAtLogin: false });
  });

  it('starts an AppImage from its file, not from its temporary mount', () => {
    expect(launcherPath('/tmp/.mount_SoftphXYZ/softphone', { APPIMAGE: '/home/ada/Apps/Softphone.AppImage' })).toBe('/home/ada/Apps/Softphone.AppImage');
    expect(launcherPath('/opt/Softphone/softphone', {})).toBe('/opt/Softphone/softphone');
  });

  it('writes the XDG autostart file where the spec says', () => {
    expect(autostartFilePath({}, '/home/ada')).toBe('/home/ada/.config/autostart/softphone.desktop');
    expect(autostartFilePath({ XDG_CONFIG_HOME: '/srv/conf' }, '/home/ada')).toBe('/srv/conf/autostart/softphone.desktop');
    expect(autostartFilePath({ XDG_CONFIG_HOME: 'relative/conf' }, '/home/ada')).toBe('/home/ada/.config/autostart/softphone.desktop');
  });

  it('writes a desktop entry that starts the app, hidden or shown', () => {
    expect(autostartDesktopEntry('Softphone', '/opt/Softphone/softphone', 'hidden')).toBe(
      [
        '[Desktop Entry]',
        'Type=Application',
        'Version=1.5',
        'Name=Softphone',
        'Exec=/opt/Softphone/softphone --hidden',
        'Terminal=false',
        'X-GNOME-Autostart-enabled=true',
        '',
      ].join('\n'),
    );
    expect(autostartDesktopEntry('Softphone', '/opt/Softphone/softphone', 'shown')).toContain('\nExec=/opt/Softphone/softphone\n');
  });

  it('quotes and escapes the executable as the Desktop Entry spec asks', () => {
    const exec = (path: string) => /\nExec=(.*)\n/.exec(autostartDesktopEntry('Softphone', path, 'hidden'))?.[1];
    expect(exec('/home/ada/My Apps/Softphone.AppImage')).toBe('"/home/ada/My Apps/Softphone.AppImage" --hidden');
    // A literal $ is \\$ in the file, a literal backslash \\\\, a literal " \\" (quoting escape, then string escape).
    expect(exec('/home/ada/$HOME/app')).toBe('"/home/ada/\\\\$HOME/app" --hidden');
    expect(exec('/home/ada/back\\slash/app')).toBe('"/home/ada/back\\\\\\\\slash/app" --hidden');
    expect(exec('/home/ada/say"hi"/app')).toBe('"/home/ada/say\\\\"hi\\\\"/app" --hidden');
    expect(exec('/home/ada/`id`/app')).toBe('"/home/ada/\\\\`id\\\\`/app" --hidden');
    expect(exec("/home/ada/it's;rm -rf ~/app")).toBe(`"/home/ada/it's;rm -rf ~/app" --hidden`);
    expect(exec('/home/ada/100%/app')).toBe('/home/ada/100%%/app --hidden');
  });

  it('refuses executables a desktop entry cannot hold', () => {
    expect(() => autostartDesktopEntry('Softphone', '/opt/Soft\nExec=evil', 'hidden')).toThrow(DesktopEntryError);
    expect(() => autostartDesktopEntry('Softphone', 'softphone', 'hidden')).toThrow(DesktopEntryError);
    expect(() => autostartDesktopEntry('Softphone', '/opt/a=b/softphone', 'hidden')).toThrow(DesktopEntryError);
    expect(() => autostartDesktopEntry('Soft\nphone', '/opt/softphone', 'hidden')).toThrow(DesktopEntryError);
  });

  it('keeps the window hidden with --hidden, or on macOS when opened at login with the hidden setting', () => {
    expect(startsHidden(['/opt/softphone', HIDDEN_FLAG], false, 'off')).toBe(true);
    expect(startsHidden(['/opt/softphone'], false, 'hidden')).toBe(false);
    expect(startsHidden(['/Applications/Softphone.app'], true, 'hidden')).toBe(true);
    expect(startsHidden(['/Applications/Softphone.app'], true, 'shown')).toBe(false);
  });
});

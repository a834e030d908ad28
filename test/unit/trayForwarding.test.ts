// The tray's quick forwarding choices (issue 17, forwarding): the sentence of where calls go, ring only
// here, forward to voicemail, and forward to the person or number last chosen, each one click; none while
// signed out or where the server has no forwarding; shown but disabled when the administrator locked it.
import { describe, expect, it, vi } from 'vitest';
import { trayMenuTemplate } from '../../main/electron/trayMenu.js';
import type { AppSnapshot, ForwardingSnapshot } from '../../preload/shared/contract.js';
import { appSnapshot } from '../support/snapshots.js';
import { spiedTrayActions as actions } from '../support/trayActions.js';

const FORWARDED: ForwardingSnapshot = {
  sentence: 'Calls forward to +1 425 555 0123',
  mode: 'forward',
  to: 'contact',
  target: { uri: 'tel:+14255550123', name: 'Ada Lovelace' },
  simultaneousDelaySeconds: 0,
  unanswered: { to: 'none', delaySeconds: 20 },
  workHoursOnly: false,
  canChange: true,
};

const withForwarding = (forwarding: ForwardingSnapshot | undefined, overrides: Partial<AppSnapshot> = {}) =>
  appSnapshot({ ...(forwarding && { forwarding }), ...overrides });

describe('the tray’s forwarding choices', () => {
  it('say where calls go and set the quick choices in one click, the current one checked', () => {
    const tray = actions();
    const menu = trayMenuTemplate(withForwarding(FORWARDED), tray);
    const labels = menu.map((item) => item.label ?? item.type);
    expect(labels.slice(labels.indexOf('Calls forward to +1 425 555 0123'), labels.indexOf('Calls forward to +1 425 555 0123') + 4)).toEqual([
      'Calls forward to +1 425 555 0123',
      'Ring only here',
      'Forward to voicemail',
      'Forward to +1 425 555 0123',
    ]);
    const item = (label: string) => menu.find((entry) => entry.label === label)!;
    expect(item('Calls forward to +1 425 555 0123').enabled).toBe(false);
    expect([item('Ring only here').checked, item('Forward to voicemail').checked, item('Forward to +1 425 555 0123').checked]).toEqual([false, false, true]);
    (item('Ring only here').click as () => void)();
    (item('Forward to voicemail').click as () => void)();
    (item('Forward to +1 425 555 0123').click as () => void)();
    expect(vi.mocked(tray.setForwarding).mock.calls).toEqual([
      [{ kind: 'off' }],
      [{ kind: 'forward', to: 'voicemail' }],
      [{ kind: 'forward', to: 'contact', target: 'tel:+14255550123' }],
    ]);
  });

  it('are shown but disabled when the administrator locked forwarding, and absent without forwarding or signed out', () => {
    const locked = trayMenuTemplate(withForwarding({ ...FORWARDED, canChange: false }), actions());
    expect(locked.filter((item) => item.type === 'radio' && /here|Forward/.test(item.label ?? '')).map((item) => item.enabled)).toEqual([false, false, false]);
    const labels = (snapshot: AppSnapshot) => trayMenuTemplate(snapshot, actions()).map((item) => item.label);
    expect(labels(withForwarding(undefined))).not.toContain('Ring only here');
    expect(labels(withForwarding(FORWARDED, { account: { state: 'signedOut', server: 'remote' } }))).not.toContain('Ring only here');
  });
});

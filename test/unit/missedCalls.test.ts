// The missed-call badge and notification decisions, in Node: which missed calls get a notification
// (each new missed audio/video call once, none under do-not-disturb), what its Call back asks of the
// core (a call to the caller, shown in the main window as a link to call them is), the number on the
// dock, taskbar and tray, and the badge on Home's Recent heading.
import { render } from 'svelte/server';
import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../main/core/core.js';
import { callBackRequest, missedBadgeCount, newMissedCallNotices } from '../../main/electron/missedCallNotices.js';
import { trayToolTip } from '../../main/electron/trayMenu.js';
import { LocalUcwaService } from '../../main/local/service.js';
import { MissedCallWatch } from '../../main/electron/callActivity.js';
import { DEFAULT_SETTINGS, type AppSnapshot } from '../../preload/shared/contract.js';
import type { HistoryEntry } from '../../preload/shared/history.js';
import Home from '../../renderer/views/Home.svelte';
import { appSnapshot, historyEntry } from '../support/snapshots.js';

const missedFrom = (id: string, overrides: Partial<HistoryEntry> = {}): HistoryEntry => historyEntry(id, { kind: 'video', ...overrides });
const withRecent = (recent: HistoryEntry[], overrides: Partial<AppSnapshot> = {}) => appSnapshot({ history: { recent }, ...overrides });
/** A watch that saw Recent holding `ids` first. */
const watchFrom = (...ids: string[]) => new MissedCallWatch(withRecent(ids.map((id) => missedFrom(id))));

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

describe('missed-call notifications', () => {
  it('tell each missed audio or video call the lasting history records once, with Call back to the caller', () => {
    const watch = watchFrom('old');
    const recorded = withRecent([missedFrom('new'), missedFrom('old')]);
    const notices = newMissedCallNotices(watch, recorded);
    expect(notices).toEqual([
      { callId: 'new', title: 'Missed call from Ada Lovelace', body: 'Call back from here or from Recent.', callBack: 'sip:ada@contoso.com' },
    ]);
    expect(newMissedCallNotices(watch, recorded)).toEqual([]);
    // Once out of Recent and back (another snapshot without it between), still told only once.
    expect(newMissedCallNotices(watch, withRecent([]))).toEqual([]);
    expect(newMissedCallNotices(watch, recorded)).toEqual([]);
  });

  it('tell nothing of answered calls, IM conversations, calls read from the server’s logs, or anything while do-not-disturb is on', () => {
    const answered = historyEntry('a', { outcome: 'answered' });
    const fromServer = missedFrom('s', { source: 'server', serverHref: 'host/communication/conversationLogs/1' });
    expect(newMissedCallNotices(watchFrom(), withRecent([answered, missedFrom('m', { kind: 'messaging' }), fromServer]))).toEqual([]);
    const quiet = withRecent([missedFrom('new')], { settings: { ...DEFAULT_SETTINGS, doNotDisturb: 'silence' } });
    const watch = watchFrom();
    expect(newMissedCallNotices(watch, quiet)).toEqual([]);
    // Nor later, once do-not-disturb is off: it was missed while quiet.
    expect(newMissedCallNotices(watch, withRecent([missedFrom('new')]))).toEqual([]);
  });

  it('offer no Call back for a withheld number', () => {
    const { address: _withheld, ...withheld } = missedFrom('w', { name: 'Someone' });
    const [notice] = newMissedCallNotices(watchFrom(), withRecent([withheld]));
    expect(notice).toMatchObject({ title: 'Missed call from someone' });
    expect(callBackRequest(notice!)).toBeUndefined();
  });

  it('Call back asks the core for a call to the caller, which the main window places at once', async () => {
    const service = new LocalUcwaService({ maxHoldSeconds: 2 });
    await service.start();
    stops.push(() => service.stop());
    const core = await Core.start({
      server: { rootUrl: service.rootUrl, credentials: { grant: 'password', ...service.credentials } },
      endpointId: '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
      userAgent: 'softphone-test',
      onProblem: () => {},
    });
    stops.push(() => core.stop());
    const [notice] = newMissedCallNotices(watchFrom(), withRecent([missedFrom('new')]));
    core.requestFromLink(callBackRequest(notice!)!);
    expect(core.snapshot().linkRequest).toMatchObject({ kind: 'call', address: 'sip:ada@contoso.com', callBack: true });
  });
});

describe('the missed-call badge', () => {
  it('counts missed calls and unread voicemails on the dock, taskbar and tray', () => {
    const snapshot = appSnapshot({ missed: { calls: 2, voicemails: 1 } });
    expect(missedBadgeCount(snapshot)).toBe(3);
    expect(trayToolTip(snapshot)).toBe('Softphone: Available · 3 missed');
    expect(trayToolTip(appSnapshot())).toBe('Softphone: Available');
  });

  it('shows the count on Home’s Recent heading, and none once seen', () => {
    const home = (snapshot: AppSnapshot) => render(Home, { props: { snapshot } }).body;
    expect(home(withRecent([missedFrom('m')], { missed: { calls: 1, voicemails: 0 } }))).toMatch(
      /<span class="missed-badge[^"]*" role="status" aria-label="1 missed"[^>]*>1<\/span>/,
    );
    expect(home(withRecent([missedFrom('m')]))).not.toContain('missed-badge');
    // Voicemails count on the badge only (UCWA lists none one by one), and it says so.
    expect(home(withRecent([missedFrom('m')], { missed: { calls: 1, voicemails: 2 } }))).toMatch(
      /<span class="missed-badge[^"]*" role="status" aria-label="1 missed, 2 unread voicemails \(listened to by calling voicemail\)"[^>]*>3<\/span>/,
    );
  });
});

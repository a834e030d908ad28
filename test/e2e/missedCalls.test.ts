// A missed call, in Chromium: the caller gives up while it rings, the local service logs it Missed, and
// Home's Recent heading shows the badge; the notification's Call back (its decision and action are plain
// code, main/electron/missedCallNotices.ts) has the main window place the call to the caller at once, as
// the missed entry's Call back in Recent does; reading Recent clears the badge and marks the log as read
// on the server, once per missed count however the person came to see it (pointing, moving into Recent).
import { describe, expect, it } from 'vitest';
import { MissedCallWatch } from '../../main/electron/callActivity.js';
import { callBackRequest, newMissedCallNotices } from '../../main/electron/missedCallNotices.js';
import { waitFor, wireLog } from '../harness/browser.js';
import { ARTIFACTS, useAppSession } from '../harness/session.js';

/** A caller the directory does not know: the local service has her answer when called back. */
const ADA = { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' };

describe('missed calls', () => {
  const session = useAppSession();
  const service = () => session.harness.core.localService!;

  it('a missed call shows the badge; Call back on its notification, and on its Recent entry, calls Ada in one click; reading Recent clears the badge on the server too', async () => {
    const { page } = session.app;
    const core = session.harness.core;
    const talkToAdaAndHangUp = async () => {
      const call = page.getByRole('region', { name: 'Call with Ada Lovelace' });
      await call
        .getByRole('timer')
        .getByText(/^\d+:\d\d$/)
        .waitFor();
      await call.getByRole('button', { name: 'Hang up' }).click();
      await call.waitFor({ state: 'detached' });
    };
    const missedCalls = new MissedCallWatch(core.snapshot());
    const caller = await session.call({ video: false, from: ADA });
    await waitFor('the call to ring', () => core.snapshot().calls.some((call) => call.phase === 'ringing'));
    caller.cancel();

    const badge = page.getByRole('status', { name: '1 missed' });
    await badge.waitFor();
    expect(service().conversationLogs.list()[0]).toMatchObject({ status: 'Missed', who: ADA, read: false });
    await page.locator('.recent-head').evaluate((head) => head.scrollIntoView({ block: 'start' })); // the screenshot shows Recent
    await page.screenshot({ path: new URL('missed-call-badge.png', ARTIFACTS).pathname });

    // What the desktop does when the notification's Call back is clicked: that one click places the call.
    const [notice, ...more] = newMissedCallNotices(missedCalls, core.snapshot());
    expect(notice).toMatchObject({ title: 'Missed call from Ada Lovelace', callBack: ADA.uri });
    expect(more).toEqual([]);
    expect(newMissedCallNotices(missedCalls, core.snapshot())).toEqual([]);
    core.requestFromLink(callBackRequest(notice!)!);
    await talkToAdaAndHangUp();
    const recent = page.getByRole('list', { name: 'Recent calls' });
    await recent.getByText('You hung up.').waitFor();
    expect(core.snapshot().linkRequest).toBeUndefined();

    // Reading Recent clears the badge; then one click on the missed entry's Call back calls her again.
    await recent.hover();
    await badge.waitFor({ state: 'detached' });
    await waitFor('markAsRead on the server', () => service().conversationLogs.markedRead().length === 1);
    await recent.locator('li.missed').getByRole('button', { name: 'Call back Ada Lovelace' }).click();
    await talkToAdaAndHangUp();
    await waitFor('the second call in Recent', () => core.snapshot().history.recent.filter((entry) => entry.ending === 'You hung up.').length === 2);
    expect(
      service()
        .conversationLogs.list()
        .find((log) => log.status === 'Missed')?.read,
    ).toBe(true);
    expect(core.snapshot().missed).toEqual({ calls: 0, voicemails: 0 });
    expect(session.app.cspViolations).toEqual([]);
  });

  it('pointing at Recent and moving into it mark its missed call as read once, and a new missed call once more', async () => {
    const { page } = session.app;
    const core = session.harness.core;
    const badge = page.getByRole('status', { name: '1 missed' });
    const missACallFromAda = async () => {
      const caller = await session.call({ video: false, from: ADA });
      await waitFor('the call to ring', () => core.snapshot().calls.some((call) => call.phase === 'ringing'));
      caller.cancel();
      await badge.waitFor();
    };
    // Pointed at and moved into in one task, as a click on an entry does, before the cleared badge can come back from the core.
    const pointAtRecentAndFocusIt = () =>
      page.getByRole('list', { name: 'Recent calls' }).evaluate((recent) => {
        (document.activeElement as HTMLElement | null)?.blur();
        recent.dispatchEvent(new PointerEvent('pointerenter'));
        recent.querySelector('button')!.focus();
      });
    const seenCommandsSent = async () => (await wireLog(page)).filter((sent) => sent.type === 'seenMissedCalls').length;

    await missACallFromAda();
    await pointAtRecentAndFocusIt();
    await badge.waitFor({ state: 'detached' });
    await waitFor('markAsRead on the server', () => service().conversationLogs.markedRead().length === 1);
    expect(await seenCommandsSent()).toBe(1);

    await missACallFromAda();
    await pointAtRecentAndFocusIt();
    await badge.waitFor({ state: 'detached' });
    await waitFor('the second markAsRead', () => service().conversationLogs.markedRead().length === 2);
    expect(await seenCommandsSent()).toBe(2);
    expect(new Set(service().conversationLogs.markedRead()).size).toBe(2);
    expect(core.snapshot().missed).toEqual({ calls: 0, voicemails: 0 });
  });

  it('a markAsRead the server fails leaves the badge and says so; the next look at Recent marks it, and the sentence goes', async () => {
    const { page } = session.app;
    const core = session.harness.core;
    const badge = page.getByRole('status', { name: '1 missed' });
    const caller = await session.call({ video: false, from: ADA });
    await waitFor('the call to ring', () => core.snapshot().calls.some((call) => call.phase === 'ringing'));
    caller.cancel();
    await badge.waitFor();
    const markedBefore = service().conversationLogs.markedRead().length;
    service().conversationLogs.failMarkAsRead();
    const pointAtRecent = () => page.getByRole('list', { name: 'Recent calls' }).dispatchEvent('pointerenter');

    await pointAtRecent();
    const notMarked = page.getByRole('alert').filter({ hasText: 'The server could not mark the missed calls as read' });
    await notMarked.waitFor();
    expect(await badge.count()).toBe(1);
    expect(service().conversationLogs.markedRead()).toHaveLength(markedBefore);
    // Home leaves and comes back (Settings opened and closed): the sentence still goes once a look marks them.
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Done' }).click();
    await notMarked.waitFor();

    await pointAtRecent();
    await badge.waitFor({ state: 'detached' });
    await notMarked.waitFor({ state: 'detached' });
    expect(service().conversationLogs.markedRead()).toHaveLength(markedBefore + 1);
    expect(core.snapshot().missed).toEqual({ calls: 0, voicemails: 0 });
  });
});

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../harness/accessibility.js';
import { openRingWindow, waitFor } from '../harness/browser.js';
import { ARTIFACTS, useAppSession } from '../harness/session.js';

const ADA = { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' };
const MEETING = 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:7T4LQJ2B';

for (const theme of ['light', 'dark'] as const) {
  describe(`every view is accessible and looked at (${theme} theme)`, () => {
    const session = useAppSession({ local: { phones: [{ type: 'Work', number: 'tel:+14255550100' }] }, colorScheme: theme });
    const checked: Record<string, unknown[]> = {};

    async function check(page: Page, view: string) {
      await page.screenshot({ path: new URL(`${view}-${theme}.png`, ARTIFACTS).pathname });
      checked[view] = await seriousViolations(page);
    }

    it('home, settings, ring window, call and call on hold, meeting lobby, meeting and its audio, conversation, calling out, a link that calls', async () => {
      const { page } = session.app;
      const service = session.harness.core.localService!;
      await check(page, 'home');

      await page.getByRole('button', { name: 'Settings' }).click();
      await waitFor('the camera preview', () => page.getByLabel('Camera preview').evaluate((v: HTMLVideoElement) => v.videoWidth > 0));
      await check(page, 'settings');
      await page.getByRole('button', { name: 'Done' }).click();

      const ring = await openRingWindow(session.app, session.harness);
      const peer = await session.call({ video: true, from: ADA, subject: 'Budget', importance: 'Urgent', context: { privateLine: true } });
      await ring.page.getByRole('alertdialog').waitFor();
      await check(ring.page, 'ring-window');
      await check(page, 'ringing-main');

      await ring.page.getByRole('button', { name: 'Accept with video' }).click();
      await page.getByTestId('remote-video').waitFor({ state: 'visible' });
      await page.getByRole('button', { name: /^Connection:/ }).click();
      await check(page, 'call');
      await page.getByRole('button', { name: 'Hold' }).click();
      await page.getByRole('status').getByText('On hold').waitFor();
      await check(page, 'call-on-hold');
      await page.getByRole('button', { name: 'Hang up' }).click();
      await peer.ended;

      const meeting = service.createMeeting(MEETING, { lobby: true, subject: 'Design review' });
      await page.getByLabel('Join a meeting').fill(MEETING);
      await page.getByRole('button', { name: 'Join' }).click();
      await page.getByRole('status').getByText('Waiting in the lobby').waitFor();
      await check(page, 'meeting-lobby');
      meeting.admitAll();
      await page.getByRole('status').getByText('You are in the meeting.').waitFor();
      await check(page, 'meeting');
      await page.getByRole('button', { name: 'Add audio only' }).click();
      await page
        .getByRole('region', { name: 'Meeting Design review' })
        .getByRole('timer')
        .getByText(/^\d+:\d\d$/)
        .waitFor();
      await check(page, 'meeting-media');
      await page.getByRole('button', { name: 'Leave' }).click();

      const leg = service.startMessaging({ from: ADA, subject: 'Lunch', message: 'Lunch at 12:30?' });
      await page.getByRole('alertdialog').getByRole('button', { name: 'Accept' }).click();
      await leg.outcome;
      leg.sendMessage({ format: 'html', text: 'See the <b>agenda</b> first' });
      await page.getByRole('log').locator('b').waitFor();
      await check(page, 'conversation');
      await page.getByRole('button', { name: 'End', exact: true }).click();

      await page.getByLabel('Call someone').fill('noanswer@softphone.local');
      await page.getByRole('button', { name: 'Call', exact: true }).click();
      await page.getByRole('heading', { name: 'Calling Mary Jackson…' }).waitFor();
      await page.getByRole('status').getByText('Ringing').waitFor();
      await check(page, 'calling');
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('list', { name: 'Recent calls' }).getByText('You cancelled it.').waitFor();
      await check(page, 'home-with-recent');
      session.harness.core.requestFromLink({ kind: 'call', address: 'tel:+14255550123' });
      await page.getByRole('region', { name: 'Call +14255550123?' }).waitFor();
      await check(page, 'link-call');

      expect(checked).toEqual(Object.fromEntries(Object.keys(checked).map((view) => [view, []])));
      expect([...session.app.cspViolations, ...ring.cspViolations]).toEqual([]);
    });
  });
}

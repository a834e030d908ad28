import type { Page } from 'playwright-core';
import sdpTransform from 'sdp-transform';
import { describe, expect, it } from 'vitest';
import { linkActionFromArgv } from '../../main/links/linkAction.js';
import { seeTestSignal, waitFor } from '../harness/browser.js';
import { ARTIFACTS, useAppSession } from '../harness/session.js';

const MEETING = 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:7T4LQJ2B';
const LINK = 'https://meet.contoso.com/grace/7T4LQJ2B';
const OTHER_MEETING = 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:9K2MZQ4X';
const ADA = { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' };

/** Joins from the home view's meeting field. */
async function join(page: Page, uriOrLink: string): Promise<void> {
  await page.getByLabel('Join a meeting').fill(uriOrLink);
  await page.getByRole('button', { name: 'Join' }).click();
}

describe('meetings', () => {
  const session = useAppSession();
  const service = () => session.harness.core.localService!;

  it('joins from a meeting link, waits in the lobby, is let in, adds someone and leaves', async () => {
    const { page } = session.app;
    const meeting = service().createMeeting(MEETING, { lobby: true, subject: 'Design review' });
    service().addPerson(ADA, 'accept');

    await join(page, LINK);
    await page.getByRole('status').getByText('Waiting in the lobby').waitFor();
    expect(meeting.waiting).toBe(1);
    await page.screenshot({ path: new URL('meeting-lobby.png', ARTIFACTS).pathname });

    meeting.admitAll();
    await page.getByRole('status').getByText('You are in the meeting.').waitFor();
    await page.getByLabel('Add someone').fill('ada@contoso.com');
    await page.getByRole('button', { name: 'Invite' }).click();
    await page.getByText('ada@contoso.com joined.').waitFor();
    await page.screenshot({ path: new URL('meeting-joined.png', ARTIFACTS).pathname });

    await page.getByRole('button', { name: 'Leave' }).click();
    await page.getByRole('list', { name: 'Recent calls' }).getByText('You left the meeting.').waitFor();
    expect(session.app.cspViolations).toEqual([]);
  });

  it('adds audio and video to the meeting: the page offers, the meeting answers, media flows both ways until Leave', async () => {
    const { page } = session.app;
    const meeting = service().createMeeting(MEETING, { subject: 'Weekly sync' });
    await join(page, MEETING);
    await page.getByRole('status').getByText('You are in the meeting.').waitFor();

    await page.getByRole('button', { name: 'Add audio and video' }).click();
    const call = page.getByRole('region', { name: 'Meeting Weekly sync' });
    await call
      .getByRole('timer')
      .getByText(/^\d+:\d\d$/)
      .waitFor();
    // The view shows as soon as the core has the offer; the meeting has it once the POST arrived.
    const offer = sdpTransform.parse(await waitFor('the page’s offer at the meeting', () => meeting.media?.offerSdp));
    expect(offer.media.map((m) => [m.type, m.direction ?? 'sendrecv'])).toEqual([
      ['audio', 'sendrecv'],
      ['video', 'sendrecv'],
    ]);
    await waitFor('the microphone and camera at the meeting', () => (meeting.media?.received.audio ?? 0) > 25 && (meeting.media?.received.video ?? 0) > 10);
    await seeTestSignal(page);
    await page.screenshot({ path: new URL('meeting-media.png', ARTIFACTS).pathname });

    await call.getByRole('button', { name: 'Leave' }).click();
    await page.getByRole('list', { name: 'Recent calls' }).getByText('You left the meeting.').waitFor();
    await waitFor('the meeting’s media to close', () => meeting.media === undefined);
    expect(session.app.cspViolations).toEqual([]);
  });

  it('adds audio only: no camera opens and the offer receives the meeting’s video', async () => {
    const { page } = session.app;
    const meeting = service().createMeeting(MEETING, { subject: 'Weekly sync' });
    await join(page, MEETING);
    await page.getByRole('button', { name: 'Add audio only' }).click();
    await waitFor('the microphone at the meeting', () => (meeting.media?.received.audio ?? 0) > 25);
    const offer = sdpTransform.parse(meeting.media?.offerSdp ?? '');
    expect(offer.media.map((m) => [m.type, m.direction ?? 'sendrecv'])).toEqual([
      ['audio', 'sendrecv'],
      ['video', 'recvonly'],
    ]);
    expect(meeting.media?.received.video).toBe(0);
    await page.getByRole('button', { name: 'Leave' }).click();
    await page.getByRole('list', { name: 'Recent calls' }).getByText('You left the meeting.').waitFor();
  });

  it('a meeting link another application opened asks first; Join joins, Not now does nothing', async () => {
    const { page } = session.app;
    service().createMeeting(MEETING, { subject: 'Weekly sync' });
    // What the Electron adapter does with a conf: link from the command line (main/links reads it).
    const link = linkActionFromArgv(['/opt/Softphone/softphone', '--', `conf:${MEETING}`]);
    expect(link).toEqual({ kind: 'joinMeeting', uri: MEETING });
    session.harness.core.requestFromLink(link!);
    const card = page.getByRole('region', { name: 'Join this meeting?' });
    await card.getByText('grace@contoso.com · 7T4LQJ2B').waitFor();
    expect(session.harness.core.snapshot().calls).toEqual([]);
    await card.getByRole('button', { name: 'Not now' }).click();
    await card.waitFor({ state: 'detached' });
    expect(session.harness.core.snapshot().calls).toEqual([]);

    // A newer link replaces the card while the person may be about to click: Join is disabled in the very
    // DOM update that shows the new meeting (recorded by an observer in the page), then enabled; Join joins
    // the meeting shown.
    session.harness.core.requestFromLink({ kind: 'joinMeeting', uri: OTHER_MEETING });
    await card.getByText('grace@contoso.com · 9K2MZQ4X').waitFor();
    await card.getByRole('button', { name: 'Join' }).click({ trial: true }); // waits until it is enabled
    const joinStates = await page.evaluate(() => {
      const states: { address: string; joinDisabled: boolean }[] = [];
      const record = () => {
        const card = document.querySelector('.link-request');
        const address = card?.querySelector('.address')?.textContent ?? '';
        const join = [...(card?.querySelectorAll('button') ?? [])].find((button) => button.textContent?.includes('Join'));
        if (address !== states.at(-1)?.address) states.push({ address, joinDisabled: join?.disabled ?? true });
      };
      record();
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      (window as unknown as { joinStates: typeof states }).joinStates = states;
      return states.slice();
    });
    expect(joinStates).toEqual([{ address: 'grace@contoso.com · 9K2MZQ4X', joinDisabled: false }]);
    session.harness.core.requestFromLink(link!);
    await card.getByText('grace@contoso.com · 7T4LQJ2B').waitFor();
    expect(await page.evaluate(() => (window as unknown as { joinStates: unknown[] }).joinStates)).toEqual([
      { address: 'grace@contoso.com · 9K2MZQ4X', joinDisabled: false },
      { address: 'grace@contoso.com · 7T4LQJ2B', joinDisabled: true },
    ]);
    await card.getByRole('button', { name: 'Join' }).click();
    await page.getByRole('status').getByText('You are in the meeting.').waitFor();
    expect(session.harness.core.snapshot().calls).toEqual([expect.objectContaining({ kind: 'onlineMeeting' })]);
  });

  it('is told why when the organiser does not let them in', async () => {
    const { page } = session.app;
    const meeting = service().createMeeting(MEETING, { lobby: true });
    await join(page, MEETING);
    await page.getByRole('status').getByText('Waiting in the lobby').waitFor();
    meeting.denyAll();
    await page.getByRole('list', { name: 'Recent calls' }).getByText('The organiser did not let you into the meeting.').waitFor();
  });

  it('a link that is not a meeting gets a clear message and nothing else happens', async () => {
    const { page } = session.app;
    await join(page, 'https://example.com/');
    await page.getByRole('alert').getByText('does not look like a Skype for Business meeting link').waitFor();
    expect(session.harness.core.snapshot().calls).toEqual([]);
  });
});

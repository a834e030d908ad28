import sdpTransform from 'sdp-transform';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seriousViolations } from '../harness/accessibility.js';
import { liveDeviceTracks, localAudioEnabled, waitFor } from '../harness/browser.js';
import { ARTIFACTS, useAppSession } from '../harness/session.js';

const MEETING = 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:7T4LQJ2B';

const preview = (page: Page) => page.getByLabel('Your camera');
const previewShows = (page: Page) => waitFor('the camera preview', () => preview(page).evaluate((video: HTMLVideoElement) => video.videoWidth > 0));

async function joinFromHome(page: Page): Promise<void> {
  await page.getByLabel('Join a meeting').fill(MEETING);
  await page.getByRole('button', { name: 'Join' }).click();
}

for (const theme of ['light', 'dark'] as const) {
  describe(`the meeting's join screen (${theme} theme)`, () => {
    const session = useAppSession({ colorScheme: theme });

    it('is accessible, with the join options and the camera preview in the lobby', async () => {
      const { page } = session.app;
      session.harness.core.localService!.createMeeting(MEETING, { lobby: true, subject: 'Weekly sync' });
      await joinFromHome(page);
      await page.getByRole('status').getByText('Waiting in the lobby').waitFor();
      await previewShows(page);
      await page.getByRole('region', { name: 'Weekly sync' }).screenshot({ path: new URL(`meeting-join-${theme}.png`, ARTIFACTS).pathname });
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
}

describe('joining a meeting’s audio and video with the microphone or camera off (issue 18, join options)', () => {
  const session = useAppSession();
  const service = () => session.harness.core.localService!;

  it('joins muted as the setting says: the meeting is told, the page sends no sound until Unmute; the preview is released', async () => {
    const { page } = session.app;
    const meeting = service().createMeeting(MEETING, { lobby: true, subject: 'Weekly sync' });
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Meetings' }).waitFor();
    await page.getByLabel('Join with microphone off').check();
    await waitFor('the setting to be kept', () => session.harness.core.snapshot().settings.joinMicrophoneOff);
    await page.getByRole('button', { name: 'Done' }).click();
    await waitFor('the settings’ devices to close', async () => (await liveDeviceTracks(page)).length === 0);

    await joinFromHome(page);
    await page.getByRole('status').getByText('Waiting in the lobby').waitFor();
    expect(await page.getByLabel('Microphone off').isChecked()).toBe(true);
    expect(await page.getByLabel('Camera off').isChecked()).toBe(false);
    await previewShows(page);
    expect(await liveDeviceTracks(page)).toEqual(['video']);

    // Camera off for this join releases the preview's camera; on again shows it again.
    await page.getByLabel('Camera off').check();
    await preview(page).waitFor({ state: 'detached' });
    await waitFor('the preview’s camera to stop', async () => (await liveDeviceTracks(page)).length === 0);
    await page.getByLabel('Camera off').uncheck();
    await previewShows(page);

    meeting.admitAll();
    await page.getByRole('button', { name: 'Add audio and video' }).click();
    const call = page.getByRole('region', { name: 'Meeting Weekly sync' });
    await call.getByRole('button', { name: 'Unmute' }).waitFor();
    await waitFor('the microphone and camera at the meeting', () => (meeting.media?.received.audio ?? 0) > 10 && (meeting.media?.received.video ?? 0) > 10);
    expect(meeting.mediaJoins).toEqual([{ joinAudioMuted: true, joinVideoMuted: false }]);
    expect(await localAudioEnabled(page)).toBe(false);
    // The preview's camera was released: only the call's microphone and camera are open.
    expect((await liveDeviceTracks(page)).sort()).toEqual(['audio', 'video']);

    await call.getByRole('button', { name: 'Unmute' }).click();
    await call.getByRole('button', { name: 'Mute' }).waitFor();
    expect(await localAudioEnabled(page)).toBe(true);
    await call.getByRole('button', { name: 'Leave' }).click();
    await page.getByRole('list', { name: 'Recent calls' }).getByText('You left the meeting.').waitFor();
    await waitFor('every device to close', async () => (await liveDeviceTracks(page)).length === 0);
  });

  it('joins with the camera off for this one meeting: no camera opens, the video is offered, Start camera starts it', async () => {
    const { page } = session.app;
    const meeting = service().createMeeting(MEETING, { subject: 'Weekly sync' });
    await joinFromHome(page);
    await page.getByRole('status').getByText('You are in the meeting.').waitFor();
    await previewShows(page);
    await page.getByLabel('Camera off').check();
    await preview(page).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Add audio and video' }).click();
    const call = page.getByRole('region', { name: 'Meeting Weekly sync' });
    await call.getByRole('button', { name: 'Start camera' }).waitFor();
    await waitFor('the microphone at the meeting', () => (meeting.media?.received.audio ?? 0) > 10);
    expect(meeting.mediaJoins).toEqual([{ joinAudioMuted: false, joinVideoMuted: true }]);
    const offer = sdpTransform.parse(meeting.media?.offerSdp ?? '');
    expect(offer.media.map((m) => [m.type, m.direction ?? 'sendrecv'])).toEqual([
      ['audio', 'sendrecv'],
      ['video', 'sendrecv'],
    ]);
    expect(await liveDeviceTracks(page)).toEqual(['audio']);
    expect(await localAudioEnabled(page)).toBe(true);

    await call.getByRole('button', { name: 'Start camera' }).click();
    await waitFor('the camera at the meeting', () => (meeting.media?.received.video ?? 0) > 10);
    await call.getByRole('button', { name: 'Leave' }).click();
    await page.getByRole('list', { name: 'Recent calls' }).getByText('You left the meeting.').waitFor();
    await waitFor('every device to close', async () => (await liveDeviceTracks(page)).length === 0);
  });
});

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../harness/browser.js';
import { ARTIFACTS, useAppSession } from '../harness/session.js';

const ADA = { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' };

type Ringing = { sinkId: string; playing: boolean };
const ringtones = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLAudioElement>('audio[data-ringtone]')].map((a) => ({ sinkId: a.sinkId || 'default', playing: !a.paused })),
  ) as Promise<Ringing[]>;

const optionId = (page: Page, select: string, label: string) =>
  page.getByLabel(select, { exact: true }).locator('option', { hasText: label }).getAttribute('value');

/** The focused element's tag and text. */
const focused = (page: Page) => page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent?.trim()}`);

describe('settings and devices', () => {
  const session = useAppSession();
  const call = (video: boolean) => session.call({ video, from: ADA });

  it('shows a live microphone level and camera preview, rings on the chosen device and the default one, and keeps the choice', async () => {
    const { page } = session.app;
    await page.getByRole('button', { name: 'Settings' }).click();
    await waitFor('a microphone level', () => page.getByLabel('Microphone level').evaluate((m: HTMLMeterElement) => m.value > 0));
    await waitFor('a camera preview', () => page.getByLabel('Camera preview').evaluate((v: HTMLVideoElement) => v.videoWidth > 0));
    await page.getByLabel('Ring on', { exact: true }).locator('option', { hasText: 'Fake Audio Output 1' }).waitFor({ state: 'attached' });
    await page.screenshot({ path: new URL('settings-view.png', ARTIFACTS).pathname });

    const ringer = await optionId(page, 'Ring on', 'Fake Audio Output 1');
    await page.getByLabel('Ring on', { exact: true }).selectOption({ label: 'Fake Audio Output 1' });
    await page.getByLabel('Also ring on the default speaker').check();
    await waitFor('the choice to be saved', () => session.harness.core.snapshot().settings.ringAlsoOnDefault);
    expect(session.harness.core.snapshot().settings.ringer).toEqual({ id: ringer, label: 'Fake Audio Output 1' });

    await call(false);
    await page.getByRole('alertdialog').waitFor();
    const ringing = await waitFor('the ringtone on both devices', async () => {
      const playing = (await ringtones(page)).filter((r) => r.playing);
      return playing.length === 2 ? playing : undefined;
    });
    expect(ringing.map((r) => r.sinkId).sort()).toEqual([ringer, 'default'].sort());
    await page.getByRole('button', { name: 'Decline', exact: true }).click();
    await waitFor('the ringtone to stop', async () => (await ringtones(page)).length === 0);

    await page.reload();
    await page.getByRole('button', { name: 'Settings' }).click();
    await waitFor('the saved ring device to be shown', async () => (await page.getByLabel('Ring on', { exact: true }).inputValue()) === ringer);
    expect(await page.getByLabel('Also ring on the default speaker').isChecked()).toBe(true);
  });

  it('do-not-disturb set to silence shows the call without a ringtone', async () => {
    const { page } = session.app;
    await page.getByRole('button', { name: 'Settings' }).click();
    // The view may come a moment after the click, from its own chunk (renderer/lazyViews.svelte.ts).
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    // The focus lands on the view that appeared, and goes back to the button that opened it.
    expect(await focused(page)).toBe('H1 Settings');
    await page.getByLabel('Silence: calls show without sound or notification').check();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByText('Do not disturb').waitFor();
    expect(await focused(page)).toBe('BUTTON Settings');
    await call(false);
    await page.getByRole('alertdialog').waitFor();
    // The ring has been shown and given time to start a ringtone, had there been one.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(await ringtones(page)).toEqual([]);
    // The control: do-not-disturb off again, and the same call rings out loud.
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Off: calls ring').check();
    await waitFor('the ringtone', async () => (await ringtones(page)).some((r) => r.playing));
  });

  it('switches camera, microphone and speaker in a call without renegotiating: the peer keeps receiving video and sound', async () => {
    const { page } = session.app;
    const peer = await call(true);
    await page.getByRole('button', { name: 'Accept with video' }).click();
    await waitFor('video at the peer', () => peer.received.video > 10);
    await page.getByRole('button', { name: 'Devices' }).click();

    const sent = (kind: 'audio' | 'video') =>
      page.evaluate((kind) => {
        const made = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
        const pc = made.find((candidate) => candidate.connectionState === 'connected');
        return pc?.getSenders().find((sender) => sender.track?.kind === kind)?.track?.label;
      }, kind);
    const current = await sent('video');
    const other = current === 'fake_device_2' ? 'fake_device_0' : 'fake_device_2';
    await page.getByLabel('Camera', { exact: true }).selectOption({ label: other });
    await waitFor('the other camera on the same sender', async () => (await sent('video')) === other);
    const before = peer.received.video;
    await waitFor('video still arriving at the peer', () => peer.received.video > before + 10);
    // With the camera stopped the choice stays open, and Start camera opens the camera chosen meanwhile.
    await page.getByRole('button', { name: 'Stop camera' }).click();
    await page.getByRole('button', { name: 'Start camera' }).waitFor();
    await page.getByLabel('Camera', { exact: true }).selectOption({ label: current! });
    await page.getByRole('button', { name: 'Start camera' }).click();
    await waitFor('the chosen camera on the sender after Start camera', async () => (await sent('video')) === current);

    const microphones = (await page.getByLabel('Microphone', { exact: true }).locator('option').allTextContents()).filter((label) => label.startsWith('Fake'));
    const currentMicrophone = await sent('audio');
    const otherMicrophone = microphones.find((label) => label !== currentMicrophone);
    expect(otherMicrophone, `another microphone among ${microphones.join(', ')}`).toBeDefined();
    await page.getByLabel('Microphone', { exact: true }).selectOption({ label: otherMicrophone! });
    await waitFor('the other microphone on the same sender', async () => (await sent('audio')) === otherMicrophone);
    const soundBefore = peer.received.audio;
    await waitFor('sound still arriving at the peer', () => peer.received.audio > soundBefore + 25);

    const speaker = await optionId(page, 'Speaker', 'Fake Audio Output 2');
    await page.getByLabel('Speaker', { exact: true }).selectOption({ label: 'Fake Audio Output 2' });
    await waitFor('the call audio on the chosen speaker', () =>
      page.evaluate((id) => [...document.querySelectorAll('audio:not([data-ringtone])')].some((a) => (a as HTMLAudioElement).sinkId === id), speaker),
    );
    await page.screenshot({ path: new URL('call-devices.png', ARTIFACTS).pathname });
    expect(session.app.cspViolations).toEqual([]);
  });
});

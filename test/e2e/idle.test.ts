// An app left alone is quiet, and a ringing one costs little: its windows send next to no commands
// whatever happened before, the ringtone is a looping media element that leaves nothing behind, and the
// ring card's pulse is one the compositor animates alone.
import type { Page } from 'playwright-core';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { audioContextStates, liveDeviceTracks, openRingWindow, streamsHeldOffPage, waitFor, wireLog, type AppPage } from '../harness/browser.js';
import { useAppSession } from '../harness/session.js';

const WINDOW_MS = 10_000;
const MAX_COMMANDS_PER_SECOND = 1;
/** A pulse and the rest after it (renderer/components/pulse.ts). */
const PULSE_PERIOD_MS = 2_000;
/** What the compositor animates without painting the page again. */
const COMPOSITED = new Set(['transform', 'opacity']);

const commandsSent = async (window: AppPage) => (await wireLog(window.page)).filter((entry) => entry.type !== 'getUserMedia').length;

/** The CSS properties each running animation of the page changes. */
const animatedProperties = (page: Page) =>
  page.evaluate(() =>
    document
      .getAnimations()
      .filter((animation) => animation.playState === 'running')
      .map((animation) =>
        (animation.effect as KeyframeEffect)
          .getKeyframes()
          .flatMap((frame) => Object.keys(frame).filter((key) => !['offset', 'computedOffset', 'easing', 'composite'].includes(key))),
      ),
  );

/** How many of the samples taken every 50 ms over `ms` found an animation running in the page. */
const samplesWithAnimations = (page: Page, ms: number) =>
  page.evaluate(
    (ms) =>
      new Promise<number>((resolve) => {
        const end = performance.now() + ms;
        let found = 0;
        const sample = () => {
          if (document.getAnimations().some((animation) => animation.playState === 'running')) found++;
          if (performance.now() < end) setTimeout(sample, 50);
          else resolve(found);
        };
        sample();
      }),
    ms,
  );

describe('an idle app', () => {
  const session = useAppSession();

  it('sends at most one command a second from each window over ten seconds, signed in and after a call rang and ended', async () => {
    const main = session.app;
    const ring = await openRingWindow(main, session.harness);
    const peer = await session.call({ video: true });
    await ring.page.getByRole('alertdialog').waitFor();
    peer.cancel();
    await ring.page.getByRole('alertdialog').waitFor({ state: 'detached' });
    await main.page.getByRole('alertdialog').waitFor({ state: 'detached' });

    const before = await Promise.all([commandsSent(main), commandsSent(ring)]);
    await sleep(WINDOW_MS);
    const after = await Promise.all([commandsSent(main), commandsSent(ring)]);
    const perWindow = { main: after[0] - before[0], ring: after[1] - before[1] };
    expect(perWindow.main, 'commands from the main window').toBeLessThanOrEqual((WINDOW_MS / 1000) * MAX_COMMANDS_PER_SECOND);
    expect(perWindow.ring, 'commands from the ring window').toBeLessThanOrEqual((WINDOW_MS / 1000) * MAX_COMMANDS_PER_SECOND);
  });

  it('rings with a looping media element, no live audio graph, and leaves nothing playing once nothing rings', async () => {
    // A running AudioContext renders on its own thread, silence included, for as long as it runs.
    const main = session.app.page;
    const peer = await session.call({ video: false });
    await waitFor('the ringtone to play', () =>
      main.evaluate(() => [...document.querySelectorAll<HTMLAudioElement>('audio[data-ringtone]')].some((audio) => !audio.paused)),
    );
    expect(await audioContextStates(main)).not.toContain('running');
    peer.cancel();
    await waitFor('the ringtone to stop', () => main.evaluate(() => document.querySelectorAll('audio[data-ringtone]').length === 0));
    expect(await audioContextStates(main)).not.toContain('running');
  });

  it('keeps nothing of a call running once it ended: connections closed, devices released, nothing playing or animating', async () => {
    // What is busy in the seconds after calls is the windows' garbage collection of their objects; nothing of them may run on.
    const main = session.app.page;
    const peer = await session.call({ video: true });
    await main.getByRole('button', { name: 'Accept with video' }).click();
    await main.getByRole('button', { name: 'Hang up' }).waitFor();
    await waitFor('the camera and microphone to be open', async () => (await liveDeviceTracks(main)).length === 2);
    peer.hangUp();
    await main.getByRole('button', { name: 'Hang up' }).waitFor({ state: 'detached' });
    const left = () =>
      main.evaluate(() => ({
        openConnections: (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections.filter((pc) => pc.connectionState !== 'closed')
          .length,
        mediaElements: document.querySelectorAll('audio, video').length,
        runningAnimations: document.getAnimations().filter((animation) => animation.playState === 'running').length,
      }));
    expect(await left()).toEqual({ openConnections: 0, mediaElements: 0, runningAnimations: 0 });
    // Nor one that went with the call's view: it would keep playing out nothing until it is collected.
    expect(await streamsHeldOffPage(main)).toBe(0);
    expect(await liveDeviceTracks(main)).toEqual([]);
    expect(await audioContextStates(main)).not.toContain('running');
  });

  it('pulses the ring window’s card with transform and opacity only, and not at all when the person asks for reduced motion', async () => {
    const ring = await openRingWindow(session.app, session.harness);
    const peer = await session.call({ video: false });
    await ring.page.getByRole('alertdialog').waitFor();
    const animated = await waitFor('a pulse', async () => {
      const running = await animatedProperties(ring.page);
      return running.length > 0 && running;
    });
    // The main window lists the ring too, without the pulse: one moving thing is enough to catch the eye.
    expect(await animatedProperties(session.app.page)).toEqual([]);
    for (const properties of animated) for (const property of properties) expect(COMPOSITED).toContain(property);

    await ring.page.emulateMedia({ reducedMotion: 'reduce' });
    await waitFor('the pulse to stop', async () => (await animatedProperties(ring.page)).length === 0);
    // Over two pulses' time, none starts again.
    expect(await samplesWithAnimations(ring.page, 2 * PULSE_PERIOD_MS)).toBe(0);
    peer.cancel();
  });

  it('animates nothing between two pulses of a ringing card, so the window draws no frame then', async () => {
    // An endless animation, even a composited one, has the compositor and the GPU process draw every frame.
    const ring = await openRingWindow(session.app, session.harness);
    const peer = await session.call({ video: false });
    await ring.page.getByRole('alertdialog').waitFor();
    await waitFor('a pulse', async () => (await animatedProperties(ring.page)).length > 0);
    await waitFor('the rest between two pulses', async () => (await animatedProperties(ring.page)).length === 0, 2 * PULSE_PERIOD_MS);
    expect(await ring.page.getByRole('alertdialog').count(), 'still ringing').toBe(1);
    await waitFor('the next pulse', async () => (await animatedProperties(ring.page)).length > 0);
    peer.cancel();
  });
});

import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TestCallOptions } from '../../main/local/testCallPeer.js';
import type { RingContentReport, SoftphoneApi } from '../../preload/shared/contract.js';
import { answersPrepared, openRingWindow, waitFor, wireLog, type AppPage } from '../harness/browser.js';
import { ARTIFACTS, useAppSession } from '../harness/session.js';
import { SFB_OFFER } from '../support/sdp.js';

const ADA = { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' };
const GRACE = { name: 'Grace Hopper', uri: 'sip:grace@contoso.com' };

const localAudioEnabled = (page: Page) =>
  page.evaluate(() => {
    const made = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    const pc = made.find((candidate) => candidate.connectionState === 'connected');
    return pc?.getSenders().find((sender) => sender.track?.kind === 'audio')?.track?.enabled;
  });

/**
 * The window is as tall as its content (as the Electron adapter sizes it from what the page reports) and
 * every button of every card is inside it: nothing to scroll to, nothing cut off.
 */
const fitsItsCards = (page: Page, cards: number) =>
  page.evaluate((cards) => {
    const content = document.querySelector('main')!.offsetHeight;
    const buttons = [...document.querySelectorAll('[role="alertdialog"] button')];
    return (
      document.querySelectorAll('[role="alertdialog"]').length === cards &&
      Math.abs(innerHeight - content) <= 1 &&
      document.documentElement.scrollHeight <= innerHeight &&
      buttons.every((button) => button.getBoundingClientRect().bottom <= innerHeight)
    );
  }, cards);

describe('the ring window', () => {
  // With a phone number, so calls can also be answered on the phone.
  const session = useAppSession({ local: { phones: [{ type: 'Work', number: 'tel:+14255550100' }] } });
  let main: AppPage;
  let ring: AppPage;

  beforeEach(async () => {
    main = session.app;
    ring = await openRingWindow(main, session.harness);
  });

  const call = (options: TestCallOptions) => session.call(options);

  /** The caller was declined, then messaged: what reached them. */
  async function declinedWithMessage(peer: Awaited<ReturnType<typeof call>>, uri: string): Promise<string[]> {
    const outcome = await peer.outcome;
    expect(outcome.status === 'Failure' && outcome.reason.subcode).toBe('Declined');
    return waitFor('the message to reach the caller', () => {
      const messages = session.harness.core.localService!.messagesSentTo(uri);
      return messages.length > 0 && messages;
    });
  }

  it('shows two calls at once, declines one with Escape and answers the other at once with the answer prepared while it rang', async () => {
    const urgent = await call({
      video: true,
      from: ADA,
      subject: 'Budget',
      importance: 'Urgent',
      context: { forwardedBy: { name: 'Alan Turing', uri: 'sip:alan@contoso.com' }, privateLine: true, joinAudioMuted: true },
    });
    const cards = ring.page.getByRole('alertdialog');
    const adaCard = cards.filter({ has: ring.page.getByRole('heading', { name: ADA.name }) });
    await adaCard.getByText('Forwarded by Alan Turing').waitFor();
    const second = await call({ video: false, from: GRACE, subject: 'Quick question' });
    await cards.nth(1).getByRole('heading', { name: GRACE.name }).waitFor();
    expect(await cards.count()).toBe(2);
    expect(await adaCard.textContent()).toMatch(/Incoming video call.*Urgent.*Private line/);
    expect(await adaCard.textContent()).toContain('You join with your microphone muted');
    // Each call is announced once, when it starts ringing: now the second one.
    expect(await ring.page.locator('[aria-live="assertive"]').textContent()).toBe('Incoming call from Grace Hopper');
    await waitFor('the ring window to fit both cards', () => fitsItsCards(ring.page, 2));
    await ring.page.screenshot({ path: new URL('ring-window-two-calls.png', ARTIFACTS).pathname });

    await ring.page.keyboard.press('Escape');
    const declined = await second.outcome;
    expect(declined.status === 'Failure' && declined.reason.subcode).toBe('Declined');
    await cards.nth(1).waitFor({ state: 'detached' });
    await waitFor('the ring window to fit the one card left', () => fitsItsCards(ring.page, 1));

    // Ada's call offers video: one answer with video and one audio only, both gathered while it rings.
    await waitFor('the answers to be prepared', () => answersPrepared(main.page, 2));
    expect((await wireLog(main.page)).some((entry) => entry.type === 'getUserMedia')).toBe(false);
    await adaCard.getByRole('button', { name: 'Accept with video' }).click();
    expect(await urgent.outcome).toEqual({ status: 'Success' });

    await waitFor('RTP at the peer', () => urgent.received.audio > 25 && urgent.received.video > 10);
    // The answer went out while the main window took the snapshot with the choice, before it rendered any of
    // it (click to answer: Svelte's rendering of that snapshot went first and took most of the main window's
    // share); the devices opened only after it.
    const log = await wireLog(main.page);
    const answered = log.findIndex((entry) => entry.type === 'answer');
    expect(log[answered]).toMatchObject({ inMessageTask: true, inMessageListener: true });
    expect(log.findIndex((entry) => entry.type === 'getUserMedia')).toBeGreaterThan(answered);

    await main.page.getByRole('button', { name: 'Unmute' }).waitFor();
    expect(await localAudioEnabled(main.page)).toBe(false);
    await ring.page.getByRole('alertdialog').waitFor({ state: 'detached' });
    await main.page.getByRole('button', { name: 'Hang up' }).click();
    expect(await urgent.ended).toBe('callee');
    expect([...main.cspViolations, ...ring.cspViolations]).toEqual([]);
  });

  it('declines with a short message: the caller gets it in an IM conversation, which opens in the main window', async () => {
    session.harness.core.localService!.addPerson(ADA, 'accept');
    const peer = await call({ video: true, from: ADA, subject: 'Budget' });
    const card = ring.page.getByRole('alertdialog');
    await card.getByRole('button', { name: 'Decline with message' }).click();
    await ring.page.screenshot({ path: new URL('ring-window-reply.png', ARTIFACTS).pathname });
    await card.getByRole('button', { name: "I'm in a meeting. Message me?" }).click();
    // The IM conversation starts after the decline has gone through.
    expect(await declinedWithMessage(peer, ADA.uri)).toEqual(["I'm in a meeting. Message me?"]);
    await main.page.getByRole('region', { name: 'Conversation with Ada Lovelace' }).waitFor();
  });

  it('Enter in the box for your own message sends it: the call is declined with it, not answered', async () => {
    session.harness.core.localService!.addPerson(GRACE, 'accept');
    const peer = await call({ video: true, from: GRACE });
    const card = ring.page.getByRole('alertdialog');
    await card.getByRole('button', { name: 'Decline with message' }).click();
    await card.getByPlaceholder('Your own message').fill('Call you back at 3');
    await card.getByPlaceholder('Your own message').press('Enter');
    expect(await declinedWithMessage(peer, GRACE.uri)).toEqual(['Call you back at 3']);
  });

  it('the main window prepares the answer after the frame that follows the ring, not in the task that brings it', async () => {
    // Building two connections as the snapshot arrives took the CPU the ring window needed to draw its card.
    await main.page.evaluate(() => {
      const made = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
      const atRing: number[] = [];
      Object.assign(window, { __openAtRing: atRing });
      (window as unknown as { softphone: SoftphoneApi }).softphone.onSnapshot((snapshot) => {
        const ringing = snapshot.calls.some((call) => call.phase === 'ringing');
        if (ringing && atRing.length === 0) atRing.push(made.filter((pc) => pc.connectionState !== 'closed').length);
      });
    });
    const peer = await call({ video: true, from: GRACE });
    await waitFor('both answers to be prepared', () => answersPrepared(main.page, 2));
    expect(await main.page.evaluate(() => (window as unknown as { __openAtRing: number[] }).__openAtRing)).toEqual([0]);
    await ring.page.getByRole('button', { name: 'Accept with video', exact: true }).click();
    expect(await peer.outcome).toEqual({ status: 'Success' });
  });

  it('the main window starts the ringtone after the frame that follows the ring, not in the task that brings it', async () => {
    // A media element's playback started as the snapshot arrives competes with the ring window drawing its card.
    await main.page.evaluate(() => {
      const atRing: number[] = [];
      Object.assign(window, { __ringtonesAtRing: atRing });
      (window as unknown as { softphone: SoftphoneApi }).softphone.onSnapshot((snapshot) => {
        const ringing = snapshot.calls.some((call) => call.phase === 'ringing');
        if (ringing && atRing.length === 0) atRing.push(document.querySelectorAll('audio[data-ringtone]').length);
      });
    });
    const peer = await call({ video: false, from: GRACE });
    await waitFor('the ringtone to play', () =>
      main.page.evaluate(() => [...document.querySelectorAll<HTMLAudioElement>('audio[data-ringtone]')].some((audio) => !audio.paused)),
    );
    expect(await main.page.evaluate(() => (window as unknown as { __ringtonesAtRing: number[] }).__ringtonesAtRing)).toEqual([0]);
    await ring.page.getByRole('button', { name: 'Decline', exact: true }).click();
    expect((await peer.outcome).status).toBe('Failure');
  });

  it('reports a height with the cards it was measured with: never the empty window’s as the first card’s', async () => {
    // The desktop sizes the window to a report whose cards are the ones ringing (ringContentHeight).
    const reports: RingContentReport[] = [];
    const fit = session.harness.fitRingWindow!;
    session.harness.fitRingWindow = (report) => {
      reports.push(report);
      fit(report);
    };
    await waitFor('the empty window’s height', () => ring.page.evaluate(() => document.querySelector('main')!.offsetHeight > 0));
    const empty = await ring.page.evaluate(() => document.querySelector('main')!.offsetHeight);
    const peer = await call({ video: false, from: GRACE });
    await waitFor('the ring window to fit its card', () => fitsItsCards(ring.page, 1));
    const withOneCard = reports.filter((report) => report.cards === 1);
    expect(withOneCard.length).toBeGreaterThan(0);
    expect(withOneCard.map((report) => report.height)).not.toContain(empty);
    await ring.page.getByRole('button', { name: 'Decline', exact: true }).click();
    expect((await peer.outcome).status).toBe('Failure');
  });

  it('starts the card’s pulse after the frame that shows the card, not in the task that puts it in the window', async () => {
    // Animating the avatar's ::before has the browser compute the window's styles at once, before the card's first frame.
    await ring.page.evaluate(() => {
      const atCard: number[] = [];
      Object.assign(window, { __animationsAtCard: atCard });
      const watcher = new MutationObserver(() => {
        if (!document.querySelector('[role="alertdialog"]')) return;
        atCard.push(document.getAnimations().length);
        watcher.disconnect();
      });
      watcher.observe(document.body, { childList: true, subtree: true });
    });
    const peer = await call({ video: false, from: GRACE });
    await waitFor('a pulse', () => ring.page.evaluate(() => document.getAnimations().length > 0));
    expect(await ring.page.evaluate(() => (window as unknown as { __animationsAtCard: number[] }).__animationsAtCard)).toEqual([0]);
    await ring.page.getByRole('button', { name: 'Decline', exact: true }).click();
    expect((await peer.outcome).status).toBe('Failure');
  });

  it('Enter answers the ringing call from the keyboard', async () => {
    const peer = await call({ video: false, from: GRACE });
    await ring.page.getByRole('alertdialog').waitFor();
    await waitFor('the answer to be prepared', () => answersPrepared(main.page, 1));
    await ring.page.keyboard.press('Enter');
    expect(await peer.outcome).toEqual({ status: 'Success' });
    await main.page.getByRole('button', { name: 'Hang up' }).waitFor();
    await waitFor('audio at the peer', () => peer.received.audio > 10);
  });

  it('a Skype for Business offer the media bridge cannot reach rings, says why, and offers the phone', async () => {
    // The real sample's caller is at 10.77.44.43, and on the local service the bridge stays on loopback.
    const leg = session.harness.core.localService!.placeCall({
      from: ADA,
      subject: 'From the desk phone',
      offerSdp: SFB_OFFER,
      acceptAnswer: () => Promise.reject(new Error('not expected: the bridge cannot reach the caller')),
    });
    const card = ring.page.getByRole('alertdialog');
    await card.getByText('The caller offered no network address this computer can reach for audio.').waitFor();
    expect(await card.getByRole('button', { name: /^Accept/ }).count()).toBe(0);
    await ring.page.screenshot({ path: new URL('ring-window-sdes.png', ARTIFACTS).pathname });
    await card.getByRole('button', { name: 'Answer on my phone' }).click();
    expect(await leg.outcome).toEqual({ status: 'Success' });
    await card.waitFor({ state: 'detached' });
  });
});

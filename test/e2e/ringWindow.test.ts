import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TestCallPeer, type TestCallOptions } from '../../main/local/testCallPeer.js';
import type { LocalUcwaService } from '../../main/local/service.js';
import type { Availability } from '../../main/ucwa/application.js';
import { launchChromium, openApp, openRingWindow, waitFor, type AppPage } from '../harness/browser.js';
import { startHarness, type Harness } from '../harness/server.js';
import { SFB_OFFER } from '../support/sdp.js';

const ARTIFACTS = new URL('../artifacts/', import.meta.url);
const ADA = { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' };
const GRACE = { name: 'Grace Hopper', uri: 'sip:grace@contoso.com' };

type WireEntry = { type: string; inMessageTask: boolean };
const wireLog = (page: Page) => page.evaluate(() => (window as unknown as { __wireLog: WireEntry[] }).__wireLog);

/** Whether every answer the main window is preparing has finished ICE gathering. */
const answersPrepared = (page: Page, count: number) =>
  page.evaluate((count) => {
    const made = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    const open = made.filter((pc) => pc.connectionState !== 'closed');
    return open.length >= count && open.every((pc) => pc.iceGatheringState === 'complete');
  }, count);

const localAudioEnabled = (page: Page) =>
  page.evaluate(() => {
    const made = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    const pc = made.find((candidate) => candidate.connectionState === 'connected');
    return pc?.getSenders().find((sender) => sender.track?.kind === 'audio')?.track?.enabled;
  });

describe('the ring window', () => {
  let browser: Browser;
  let harness: Harness;
  let main: AppPage;
  let ring: AppPage;
  const peers: TestCallPeer[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  async function open(availability?: Availability) {
    harness = await startHarness({}, availability);
    main = await openApp(browser, harness);
    await main.page.getByText('Available').waitFor();
    ring = await openRingWindow(main, harness);
  }

  afterEach(async () => {
    await Promise.all(peers.splice(0).map((peer) => peer.close()));
    await main.page.context().close();
    await harness.close();
  });

  function service(): LocalUcwaService {
    const local = harness.softphone.localService;
    if (!local) throw new Error('the harness runs on the local service');
    return local;
  }

  async function call(options: TestCallOptions) {
    const peer = await TestCallPeer.call(service(), options);
    peers.push(peer);
    return peer;
  }

  it('shows two calls at once, declines one with Escape and answers the other at once with the answer prepared while it rang', async () => {
    await open();
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
    expect(await ring.page.locator('[aria-live="assertive"]').textContent()).toBe(
      'Incoming call from Ada Lovelace. Incoming call from Grace Hopper',
    );
    await ring.page.screenshot({ path: new URL('ring-window-two-calls.png', ARTIFACTS).pathname });

    await ring.page.keyboard.press('Escape');
    const declined = await second.outcome;
    expect(declined.status === 'Failure' && declined.reason.subcode).toBe('Declined');
    await cards.nth(1).waitFor({ state: 'detached' });

    // Ada's call offers video: one answer with video and one audio only, both gathered while it rings.
    await waitFor('the answers to be prepared', () => answersPrepared(main.page, 2));
    expect((await wireLog(main.page)).some((entry) => entry.type === 'getUserMedia')).toBe(false);
    await adaCard.getByRole('button', { name: 'Accept with video' }).click();
    expect(await urgent.outcome).toEqual({ status: 'Success' });

    await waitFor('RTP at the peer', () => urgent.received.audio > 25 && urgent.received.video > 10);
    // The answer went out in the very task the choice arrived in; the devices opened only after it.
    const log = await wireLog(main.page);
    const answered = log.findIndex((entry) => entry.type === 'answer');
    expect(log[answered]?.inMessageTask).toBe(true);
    expect(log.findIndex((entry) => entry.type === 'getUserMedia')).toBeGreaterThan(answered);

    await main.page.getByRole('button', { name: 'Unmute' }).waitFor();
    expect(await localAudioEnabled(main.page)).toBe(false);
    await ring.page.getByRole('alertdialog').waitFor({ state: 'detached' });
    await main.page.getByRole('button', { name: 'Hang up' }).click();
    expect(await urgent.ended).toBe('callee');
    expect([...main.cspViolations, ...ring.cspViolations]).toEqual([]);
  });

  it('Enter answers the ringing call from the keyboard', async () => {
    await open();
    const peer = await call({ video: false, from: GRACE });
    await ring.page.getByRole('alertdialog').waitFor();
    await waitFor('the answer to be prepared', () => answersPrepared(main.page, 1));
    await ring.page.keyboard.press('Enter');
    expect(await peer.outcome).toEqual({ status: 'Success' });
    await main.page.getByRole('button', { name: 'Hang up' }).waitFor();
    await waitFor('audio at the peer', () => peer.received.audio > 10);
  });

  it('a Skype for Business (SDES) offer rings, says why computer audio cannot answer it, and offers the phone', async () => {
    await open({ phoneNumber: 'tel:+14255550100' });
    const leg = service().placeCall({
      from: ADA,
      subject: 'From the desk phone',
      offerSdp: SFB_OFFER,
      acceptAnswer: () => Promise.reject(new Error('not expected: the offer cannot be answered with WebRTC')),
    });
    const card = ring.page.getByRole('alertdialog');
    await card.getByText(/Skype for Business media encryption/).waitFor();
    expect(await card.getByRole('button', { name: /^Accept/ }).count()).toBe(0);
    await ring.page.screenshot({ path: new URL('ring-window-sdes.png', ARTIFACTS).pathname });
    await card.getByRole('button', { name: 'Answer on my phone' }).click();
    expect(await leg.outcome).toEqual({ status: 'Success' });
    await card.waitFor({ state: 'detached' });
  });
});

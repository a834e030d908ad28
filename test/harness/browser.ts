// Debian's Chromium driven by playwright-core, with fake camera and microphone and real WebRTC.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { watchAnswerChoices } from '../../main/electron/ringNotifications.js';
import { ringContentHeight, ringWindowBounds } from '../../main/electron/ringPlacement.js';
import type { RingContentReport } from '../../preload/shared/contract.js';
import type { Harness } from './server.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The browser's own services that reach out to Google, which an Electron app does not have: this switch
 * replaces playwright-core's own --disable-features, which turned most of them off, and without them off
 * the network service and the browser process kept resolving content-autofill.googleapis.com and
 * update.googleapis.com (dozens of DNS queries in 5 s, failing and retried), counted as the app's idle CPU.
 */
const BACKGROUND_SERVICES = [
  'AutofillServerCommunication',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'CertificateTransparencyComponentUpdater',
  'Translate',
  'MediaRouter',
];

/**
 * `extraArgs`: Chromium switches a test needs besides the harness's own; `disableFeatures`: features to
 * turn off besides the harness's, in its one --disable-features switch.
 */
export function launchChromium(extraArgs: readonly string[] = [], disableFeatures: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      // Three fake cameras, so switching camera in a call can be tested (fake_device_1 is Chromium's fake
      // depth camera, whose Y16 frames are never encoded; 0 and 2 are ordinary). Microphones and outputs
      // come in twos anyway.
      '--use-fake-device-for-media-stream=device-count=3',
      '--use-fake-ui-for-media-stream',
      '--autoplay-policy=no-user-gesture-required',
      // The test-call peer offers loopback candidates only; nothing in these tests leaves the machine.
      '--allow-loopback-in-peer-connection',
      `--disable-features=${['WebRtcHideLocalIpsWithMdns', ...BACKGROUND_SERVICES, ...disableFeatures].join(',')}`,
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

/**
 * Opens the app in a fresh page. Besides the harness bridge, it records the RTCPeerConnections the page
 * makes (observing, not replacing, the browser's WebRTC) so tests can read their real getStats().
 */
export type AppPage = { page: Page; /** Console reports of Content-Security-Policy violations. */ cspViolations: string[] };

/** `beforeLoad` prepares the window's context before its page loads (e.g. routes some of its requests). */
export async function openApp(
  browser: Browser,
  harness: Harness,
  colorScheme: 'light' | 'dark' = 'light',
  beforeLoad?: (context: BrowserContext) => Promise<unknown>,
): Promise<AppPage> {
  const context = await browser.newContext({ viewport: { width: 440, height: 680 }, colorScheme });
  await beforeLoad?.(context);
  return openWindow(context, harness, '');
}

/** A 1080p screen minus a bottom taskbar, where the ring window's corner is. */
const WORK_AREA = { x: 0, y: 0, width: 1920, height: 1040 };

/**
 * The ring window (index.html#ring) beside the main window, in the same browser context, sized as the
 * Electron adapter sizes it (ringContentHeight, ringWindowBounds): to the content its page reports, with
 * as many cards as ring in the core. As in the adapter, a call answered from it brings the main window to
 * the front.
 */
export async function openRingWindow(main: AppPage, harness: Harness): Promise<AppPage> {
  let measured: RingContentReport | undefined;
  let ring: AppPage | undefined;
  const ringing = () => harness.core.snapshot().calls.filter((call) => call.phase === 'ringing').length;
  const fit = async () => {
    const { width, height } = ringWindowBounds(WORK_AREA, ringContentHeight(measured, ringing()));
    await ring?.page.setViewportSize({ width, height });
  };
  harness.fitRingWindow = (report) => {
    measured = report;
    void fit().catch(() => undefined); // the page may be closing
  };
  const answeredAsChosen = watchAnswerChoices();
  harness.core.subscribe((snapshot) => {
    if (answeredAsChosen(snapshot)) void main.page.bringToFront().catch(() => undefined); // the page may be closing
  });
  ring = await openWindow(main.page.context(), harness, '#ring');
  await fit();
  return ring;
}

/**
 * A page in a window of its own, as each of the app's windows is: pages opened as tabs of one headless
 * window are hidden but for the active one, and Chromium draws a hidden page's frames about once a second.
 */
async function newWindow(context: BrowserContext): Promise<Page> {
  const [first] = context.pages();
  if (!first) return context.newPage();
  const cdp = await context.newCDPSession(first);
  const { targetInfo } = await cdp.send('Target.getTargetInfo');
  await cdp.detach();
  const opened = context.waitForEvent('page');
  const browserCdp = await context.browser()!.newBrowserCDPSession();
  await browserCdp.send('Target.createTarget', {
    url: 'about:blank',
    newWindow: true,
    ...(targetInfo.browserContextId && { browserContextId: targetInfo.browserContextId }),
  });
  await browserCdp.detach();
  return opened;
}

/** `hash`: '#ring' for the ring window. */
async function openWindow(context: BrowserContext, harness: Harness, hash: string): Promise<AppPage> {
  const page = await newWindow(context);
  await page.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    const made: RTCPeerConnection[] = [];
    Object.defineProperty(window, '__peerConnections', { value: made });
    window.RTCPeerConnection = class extends Native {
      constructor(configuration?: RTCConfiguration) {
        super(configuration);
        // Closed ones are of no use to a test, and kept they would hold every past call's media objects.
        made.splice(0, made.length, ...made.filter((pc) => pc.connectionState !== 'closed'), this);
      }
    };
    // The media elements given a stream and not yet cleared of it (streamsHeldOffPage); cleared ones are let go.
    const withStream = new Set<HTMLMediaElement>();
    Object.defineProperty(window, '__mediaWithStream', { value: withStream });
    const srcObject = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'srcObject')!;
    Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', {
      ...srcObject,
      set(this: HTMLMediaElement, stream: MediaProvider | null) {
        srcObject.set!.call(this, stream);
        if (stream) withStream.add(this);
        else withStream.delete(this);
      },
    });
    const NativeAudioContext = window.AudioContext;
    const audioContexts: AudioContext[] = [];
    Object.defineProperty(window, '__audioContexts', { value: audioContexts });
    window.AudioContext = class extends NativeAudioContext {
      constructor(options?: AudioContextOptions) {
        super(options);
        audioContexts.push(this);
      }
    };
  });
  await page.addInitScript(() => {
    // What the page sends to the main core and when it opens devices, in order. `inMessageTask`: sent in
    // the same task in which a message from the core arrived, before any timer, I/O or device callback;
    // `inMessageListener`: sent by the page's own handling of that message, before the microtasks it queued
    // (Svelte's rendering of a snapshot among them) ran.
    const log: Array<{ type: string; inMessageTask: boolean; inMessageListener: boolean }> = [];
    Object.defineProperty(window, '__wireLog', { value: log });
    let inMessageTask = false;
    let inMessageListener = false;
    const NativeSocket = window.WebSocket;
    window.WebSocket = class extends NativeSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        super.addEventListener('message', () => {
          inMessageTask = true;
          setTimeout(() => (inMessageTask = false), 0);
        });
      }
      override addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions) {
        if (type !== 'message' || typeof listener !== 'function') return super.addEventListener(type, listener, options);
        super.addEventListener(
          type,
          (event) => {
            inMessageListener = true;
            try {
              listener.call(this, event);
            } finally {
              inMessageListener = false;
            }
          },
          options,
        );
      }
      override send(data: string) {
        const { command } = JSON.parse(data) as { command: { type: string } };
        log.push({ type: command.type, inMessageTask, inMessageListener });
        super.send(data);
      }
    };
    const devices = navigator.mediaDevices;
    const getUserMedia = devices.getUserMedia.bind(devices);
    // The devices' tracks the page opened and has not stopped yet (liveDeviceTracks).
    const opened = new Set<MediaStreamTrack>();
    Object.defineProperty(window, '__deviceTracks', { value: opened });
    devices.getUserMedia = async (constraints) => {
      log.push({ type: 'getUserMedia', inMessageTask, inMessageListener });
      const stream = await getUserMedia(constraints);
      // Stopped ones are of no use to a test, and kept they would hold every past call's tracks.
      for (const track of opened) if (track.readyState === 'ended') opened.delete(track);
      for (const track of stream.getTracks()) opened.add(track);
      return stream;
    };
  });
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  await page.goto(harness.pageUrl(hash));
  return { page, cspViolations };
}

/** The state of each AudioContext the page made: one left running renders silence on the audio thread. */
export function audioContextStates(page: Page): Promise<AudioContextState[]> {
  return page.evaluate(() => (window as unknown as { __audioContexts: AudioContext[] }).__audioContexts.map((context) => context.state));
}

/** The kinds of the device tracks (microphone, camera) the page opened and has not stopped. */
export function liveDeviceTracks(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...(window as unknown as { __deviceTracks: Set<MediaStreamTrack> }).__deviceTracks]
      .filter((track) => track.readyState === 'live')
      .map((track) => track.kind),
  );
}

/**
 * How many media elements that left the page still hold a stream: each keeps its media player (video
 * compositor, audio output) until the element is collected.
 */
export function streamsHeldOffPage(page: Page): Promise<number> {
  return page.evaluate(
    () => [...(window as unknown as { __mediaWithStream: Set<HTMLMediaElement> }).__mediaWithStream].filter((element) => !element.isConnected).length,
  );
}

export type WireEntry = { type: string; inMessageTask: boolean; inMessageListener: boolean };

/** What the page sent to the core and when it opened devices, in order (see openWindow). */
export function wireLog(page: Page): Promise<WireEntry[]> {
  return page.evaluate(() => (window as unknown as { __wireLog: WireEntry[] }).__wireLog);
}

/** Inbound RTP of the page's (last) peer connection, by kind, from the browser's own getStats(). */
export function pageInboundRtp(page: Page): Promise<{ audioPackets: number; videoPackets: number; framesDecoded: number }> {
  return page.evaluate(async () => {
    const made = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    // Answers are prepared on two connections; the one not chosen is closed.
    const pc = made.filter((candidate) => candidate.connectionState !== 'closed').at(-1);
    const out = { audioPackets: 0, videoPackets: 0, framesDecoded: 0 };
    if (!pc) return out;
    (await pc.getStats()).forEach((report: { type: string; kind?: string; packetsReceived?: number; framesDecoded?: number }) => {
      if (report.type !== 'inbound-rtp') return;
      if (report.kind === 'audio') out.audioPackets += report.packetsReceived ?? 0;
      if (report.kind === 'video') {
        out.videoPackets += report.packetsReceived ?? 0;
        out.framesDecoded += report.framesDecoded ?? 0;
      }
    });
    return out;
  });
}

/** Whether every answer the main window is preparing while a call rings (at least `count`) has finished ICE gathering. */
export function answersPrepared(page: Page, count: number): Promise<boolean> {
  return page.evaluate(preparedInPage, count);
}

/** In the page: at least `count` open connections, each done gathering. */
export const preparedInPage = (count: number): boolean => {
  const made = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
  const open = made.filter((pc) => pc.connectionState !== 'closed');
  return open.length >= count && open.every((pc) => pc.iceGatheringState === 'complete');
};

/** Waits until the page receives the test signal (tone and 320×240 test pattern) and shows the picture. */
export async function seeTestSignal(page: Page): Promise<void> {
  const inbound = await waitFor('the tone and the test pattern in the page', async () => {
    const stats = await pageInboundRtp(page);
    return stats.audioPackets > 25 && stats.framesDecoded > 5 ? stats : undefined;
  });
  if (inbound.videoPackets === 0) throw new Error('frames were decoded without video packets');
  const remoteVideo = page.getByTestId('remote-video');
  await remoteVideo.waitFor({ state: 'visible' });
  await waitFor('the test pattern’s size in the remote video', async () => (await remoteVideo.evaluate((v: HTMLVideoElement) => v.videoWidth)) === 320);
}

/** Packets still arriving this long after a hold took effect would be media that should have stopped. */
const OBSERVATION_MS = 800;

/** Whether a packet count stays put (give or take packets already in flight) for a while. */
export async function stalls(count: () => number | Promise<number>): Promise<boolean> {
  const before = await count();
  await new Promise((resolve) => setTimeout(resolve, OBSERVATION_MS));
  return (await count()) - before <= 2;
}

/** Polls `probe` every `intervalMs` until it returns a truthy value; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 15_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Whether the microphone track the page sends is enabled (mute turns it off without renegotiating). */
export function localAudioEnabled(page: Page): Promise<boolean | undefined> {
  return page.evaluate(() => {
    const made = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    return made
      .filter((pc) => pc.connectionState !== 'closed')
      .at(-1)
      ?.getSenders()
      .find((sender) => sender.track?.kind === 'audio')?.track?.enabled;
  });
}

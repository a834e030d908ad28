// Timestamps taken inside a page with its own performance.now(), in the frame that renders what they
// mark; read back by index and converted to Node's clock with the page's clock (clock.ts).
import type { Locator, Page } from 'playwright-core';
import type { SoftphoneApi } from '../preload/shared/contract.js';

type MarkName = 'ringCardInDom' | 'ringCardPainted' | 'firstShownFrame' | 'firstDecodedFrame' | 'firstAudioPacket';
type MarkedWindow = { __benchMarks?: Record<MarkName, number[]>; __benchMarkTaken?: Set<() => void> };

/** How long a mark is waited for before the bench fails with the mark's name. */
const MARK_TIMEOUT_MS = 15_000;

/**
 * Watches the page's DOM and marks:
 * - `ringCardInDom`: each new ring card (an alertdialog with a new call id), once it is in the DOM;
 * - `ringCardPainted`: the same card in the next animation frame after that, the frame that paints it;
 * - `firstShownFrame`: the first frame each new remote video element presents (requestVideoFrameCallback).
 */
export function installMarks(page: Page): Promise<void> {
  return page.evaluate(() => {
    const marks: Record<MarkName, number[]> = { ringCardInDom: [], ringCardPainted: [], firstShownFrame: [], firstDecodedFrame: [], firstAudioPacket: [] };
    (window as MarkedWindow).__benchMarks = marks;
    const taken = new Set<() => void>();
    (window as MarkedWindow).__benchMarkTaken = taken;
    const mark = (name: MarkName) => {
      marks[name].push(performance.now());
      for (const notify of taken) notify();
    };
    const cards = new Set<string>();
    const videos = new WeakSet<HTMLVideoElement>();
    new MutationObserver(() => {
      for (const card of document.querySelectorAll<HTMLElement>('[role="alertdialog"][data-call-id]')) {
        const id = card.dataset.callId ?? '';
        if (cards.has(id)) continue;
        cards.add(id);
        mark('ringCardInDom');
        requestAnimationFrame(() => mark('ringCardPainted'));
      }
      for (const video of document.querySelectorAll<HTMLVideoElement>('video[data-testid="remote-video"]')) {
        if (videos.has(video)) continue;
        videos.add(video);
        video.requestVideoFrameCallback(() => mark('firstShownFrame'));
      }
    }).observe(document.body, { childList: true, subtree: true });
  });
}

/** The mark each kind of first inbound media takes: a video frame decoded, an audio RTP packet received. */
const FIRST_INBOUND = { video: 'firstDecodedFrame', audio: 'firstAudioPacket' } as const satisfies Record<string, MarkName>;

/**
 * Polls the getStats() of the page's open connections every 10 ms, for up to 10 s, until one has decoded
 * a video frame (`video`) or received an audio RTP packet (`audio`), and marks that poll (FIRST_INBOUND).
 * Throws if one had already: start it before media can flow, and for one call at a time. `onAnswerChosen`:
 * armed now, the polling starts with the first snapshot that shows an answer chosen, in the task that
 * sends the answer (no getStats every 10 ms in the window while the click is measured, and none missed
 * when the media outruns this process on a busy machine); a frame already there then is never marked.
 */
export async function pollFirstInbound(page: Page, kind: keyof typeof FIRST_INBOUND, { onAnswerChosen = false } = {}): Promise<void> {
  const arrivedAlready = await page.evaluate(
    async ({ kind, mark, onAnswerChosen }) => {
      const taken = (window as MarkedWindow).__benchMarkTaken!;
      const marks = (window as MarkedWindow).__benchMarks!;
      const made = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
      type Inbound = { type: string; kind?: string; framesDecoded?: number; packetsReceived?: number };
      const counted = (report: Inbound) => (kind === 'video' ? report.framesDecoded : report.packetsReceived) ?? 0;
      const arrived = async () => {
        for (const pc of made.filter((candidate) => candidate.connectionState !== 'closed')) {
          const reports = [...(await pc.getStats()).values()] as Inbound[];
          if (reports.some((report) => report.type === 'inbound-rtp' && report.kind === kind && counted(report) > 0)) return true;
        }
        return false;
      };
      const begin = async () => {
        if (await arrived()) return true;
        const deadline = performance.now() + 10_000;
        const poll = async () => {
          if (await arrived()) {
            marks[mark].push(performance.now());
            for (const notify of taken) notify();
          } else if (performance.now() < deadline) setTimeout(poll, 10);
        };
        setTimeout(poll, 10);
        return false;
      };
      if (!onAnswerChosen) return begin();
      const stop = (window as unknown as { softphone: SoftphoneApi }).softphone.onSnapshot((snapshot) => {
        if (!snapshot.calls.some((call) => call.answerChoice)) return;
        stop();
        void begin();
      });
      return false;
    },
    { kind, mark: FIRST_INBOUND[kind], onAnswerChosen },
  );
  if (arrivedAlready) throw new Error(`Inbound ${kind} had arrived before polling began`);
}

/** How many marks of a kind the page has taken so far. */
export function markCount(page: Page, name: MarkName): Promise<number> {
  return page.evaluate((name) => (window as MarkedWindow).__benchMarks?.[name].length ?? 0, name);
}

/**
 * The page time of the mark at `index`, once taken: one evaluate that the page answers when it takes the
 * mark. Polling for it from here instead (a CDP round trip every 10 ms into the page that is rendering
 * what is measured) cost the harness and the measured windows CPU at the very moments measured.
 */
export async function markAt(page: Page, name: MarkName, index: number): Promise<number> {
  const at = await page.evaluate(
    ({ name, index, timeoutMs }) =>
      new Promise<number | undefined>((resolve) => {
        const marks = (window as MarkedWindow).__benchMarks![name];
        const taken = (window as MarkedWindow).__benchMarkTaken!;
        const timer = setTimeout(() => done(undefined), timeoutMs);
        const check = () => marks[index] !== undefined && done(marks[index]);
        const done = (value: number | undefined) => {
          clearTimeout(timer);
          taken.delete(check);
          resolve(value);
        };
        taken.add(check);
        check();
      }),
    { name, index, timeoutMs: MARK_TIMEOUT_MS },
  );
  if (at === undefined) throw new Error(`Timed out waiting for the ${name} mark in the page`);
  return at;
}

/** Clicks the button from inside the page and returns the page time just before the click was dispatched. */
export function clickTimed(button: Locator): Promise<number> {
  return button.evaluate((element: HTMLButtonElement) => {
    const at = performance.now();
    element.click();
    return at;
  });
}

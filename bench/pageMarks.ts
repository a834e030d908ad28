// Timestamps taken inside a page with its own performance.now(), in the frame that renders what they
// mark; read back by index and converted to Node's clock with the page's clock (clock.ts).
import type { Locator, Page } from 'playwright-core';

type MarkName = 'ringCardPainted' | 'firstShownFrame' | 'firstDecodedFrame' | 'firstAudioPacket';
type MarkedWindow = { __benchMarks?: Record<MarkName, number[]> };

/**
 * Watches the page's DOM and marks:
 * - `ringCardPainted`: each new ring card (an alertdialog with a new call id), in the next animation
 *   frame after it is in the DOM, the frame that paints it;
 * - `firstShownFrame`: the first frame each new remote video element presents (requestVideoFrameCallback).
 */
export function installMarks(page: Page): Promise<void> {
  return page.evaluate(() => {
    const marks: Record<MarkName, number[]> = { ringCardPainted: [], firstShownFrame: [], firstDecodedFrame: [], firstAudioPacket: [] };
    (window as MarkedWindow).__benchMarks = marks;
    const cards = new Set<string>();
    const videos = new WeakSet<HTMLVideoElement>();
    new MutationObserver(() => {
      for (const card of document.querySelectorAll<HTMLElement>('[role="alertdialog"][data-call-id]')) {
        const id = card.dataset.callId ?? '';
        if (cards.has(id)) continue;
        cards.add(id);
        requestAnimationFrame(() => marks.ringCardPainted.push(performance.now()));
      }
      for (const video of document.querySelectorAll<HTMLVideoElement>('video[data-testid="remote-video"]')) {
        if (videos.has(video)) continue;
        videos.add(video);
        video.requestVideoFrameCallback(() => marks.firstShownFrame.push(performance.now()));
      }
    }).observe(document.body, { childList: true, subtree: true });
  });
}

/** The mark each kind of first inbound media takes: a video frame decoded, an audio RTP packet received. */
const FIRST_INBOUND = { video: 'firstDecodedFrame', audio: 'firstAudioPacket' } as const satisfies Record<string, MarkName>;

/**
 * Polls the getStats() of the page's open connections every 10 ms, for up to 10 s, until one has decoded
 * a video frame (`video`) or received an audio RTP packet (`audio`), and marks that poll (FIRST_INBOUND).
 * Throws if one had already: start it before media can flow, and for one call at a time.
 */
export async function pollFirstInbound(page: Page, kind: keyof typeof FIRST_INBOUND): Promise<void> {
  const arrivedAlready = await page.evaluate(
    async ({ kind, mark }) => {
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
      if (await arrived()) return true;
      const deadline = performance.now() + 10_000;
      const poll = async () => {
        if (await arrived()) marks[mark].push(performance.now());
        else if (performance.now() < deadline) setTimeout(poll, 10);
      };
      setTimeout(poll, 10);
      return false;
    },
    { kind, mark: FIRST_INBOUND[kind] },
  );
  if (arrivedAlready) throw new Error(`Inbound ${kind} had arrived before polling began`);
}

/** How many marks of a kind the page has taken so far. */
export function markCount(page: Page, name: MarkName): Promise<number> {
  return page.evaluate((name) => (window as MarkedWindow).__benchMarks?.[name].length ?? 0, name);
}

/** The page time of the mark at `index`, once taken. */
export function markAt(page: Page, name: MarkName, index: number): Promise<number | undefined> {
  return page.evaluate(({ name, index }) => (window as MarkedWindow).__benchMarks?.[name][index], { name, index });
}

/** Clicks the button from inside the page and returns the page time just before the click was dispatched. */
export function clickTimed(button: Locator): Promise<number> {
  return button.evaluate((element: HTMLButtonElement) => {
    const at = performance.now();
    element.click();
    return at;
  });
}

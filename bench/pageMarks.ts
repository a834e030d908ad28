// Timestamps taken inside a page with its own performance.now(), in the frame that renders what they
// mark; read back by index and converted to Node's clock with the page's clock (clock.ts).
import type { Locator, Page } from 'playwright-core';

type MarkName = 'ringCardPainted' | 'firstShownFrame' | 'firstDecodedFrame';
type MarkedWindow = { __benchMarks?: Record<MarkName, number[]> };

/**
 * Watches the page's DOM and marks:
 * - `ringCardPainted`: each new ring card (an alertdialog with a new call id), in the next animation
 *   frame after it is in the DOM, the frame that paints it;
 * - `firstShownFrame`: the first frame each new remote video element presents (requestVideoFrameCallback).
 */
export function installMarks(page: Page): Promise<void> {
  return page.evaluate(() => {
    const marks: Record<MarkName, number[]> = { ringCardPainted: [], firstShownFrame: [], firstDecodedFrame: [] };
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

/**
 * Polls the getStats() of the page's open connections every 10 ms, for up to 10 s, until one has decoded
 * a video frame, and marks that poll (`firstDecodedFrame`). Throws if a frame was decoded already: start
 * it before media can flow, and for one call at a time.
 */
export async function pollFirstDecodedFrame(page: Page): Promise<void> {
  const decodedAlready = await page.evaluate(async () => {
    const marks = (window as MarkedWindow).__benchMarks!;
    const made = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    const decoded = async () => {
      for (const pc of made.filter((candidate) => candidate.connectionState !== 'closed')) {
        const reports = [...(await pc.getStats()).values()] as Array<{ type: string; kind?: string; framesDecoded?: number }>;
        if (reports.some((report) => report.type === 'inbound-rtp' && report.kind === 'video' && (report.framesDecoded ?? 0) > 0)) return true;
      }
      return false;
    };
    if (await decoded()) return true;
    const deadline = performance.now() + 10_000;
    const poll = async () => {
      if (await decoded()) marks.firstDecodedFrame.push(performance.now());
      else if (performance.now() < deadline) setTimeout(poll, 10);
    };
    setTimeout(poll, 10);
    return false;
  });
  if (decodedAlready) throw new Error('A video frame was decoded before polling began');
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

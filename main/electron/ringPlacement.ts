// Where the ring window goes: the bottom-right corner of the work area (clear of the taskbar), as tall as
// its cards, never taller than the screen. Pure, so it is tested in Node.
import type { RingContentReport } from '../../preload/shared/contract.js';

export type Rectangle = { x: number; y: number; width: number; height: number };

export const RING_WINDOW_WIDTH = 360;
/** A card's usual height, for the moment before the window has measured its cards. */
const ESTIMATED_CARD_HEIGHT = 420;
const PADDING = 12;
const MARGIN = 16;

/**
 * The content height to size the window for: the page's last measure if it was taken with the cards that
 * ring now, else a reckoning per card until the page measures again.
 */
export function ringContentHeight(report: RingContentReport | undefined, ringingCalls: number): number {
  return report !== undefined && report.cards === ringingCalls ? report.height : Math.max(1, ringingCalls) * ESTIMATED_CARD_HEIGHT + PADDING * 2;
}

export function ringWindowBounds(workArea: Rectangle, contentHeight: number): Rectangle {
  const height = Math.min(Math.max(1, contentHeight), workArea.height - MARGIN * 2);
  const width = Math.min(RING_WINDOW_WIDTH, workArea.width - MARGIN * 2);
  return {
    x: workArea.x + workArea.width - width - MARGIN,
    y: workArea.y + workArea.height - height - MARGIN,
    width,
    height,
  };
}

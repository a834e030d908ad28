// Where the ring window goes: the bottom-right corner of the work area (clear of the taskbar), tall
// enough for one card per ringing call, never taller than the screen. Pure, so it is tested in Node.

export type Rectangle = { x: number; y: number; width: number; height: number };

export const RING_WINDOW_WIDTH = 360;
const CARD_HEIGHT = 330;
const PADDING = 12;
const MARGIN = 16;

export function ringWindowBounds(workArea: Rectangle, ringingCalls: number): Rectangle {
  const wanted = Math.max(1, ringingCalls) * CARD_HEIGHT + PADDING * 2;
  const height = Math.min(wanted, workArea.height - MARGIN * 2);
  const width = Math.min(RING_WINDOW_WIDTH, workArea.width - MARGIN * 2);
  return {
    x: workArea.x + workArea.width - width - MARGIN,
    y: workArea.y + workArea.height - height - MARGIN,
    width,
    height,
  };
}

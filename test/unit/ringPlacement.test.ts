import { describe, expect, it } from 'vitest';
import { RING_WINDOW_WIDTH, ringWindowBounds } from '../../main/electron/ringPlacement.js';

describe('ring window placement', () => {
  const workArea = { x: 0, y: 0, width: 1920, height: 1040 }; // a 1080p screen minus a bottom taskbar

  it('sits in the bottom-right corner of the work area, clear of the taskbar', () => {
    const bounds = ringWindowBounds(workArea, 1);
    expect(bounds.width).toBe(RING_WINDOW_WIDTH);
    expect(bounds.x + bounds.width).toBeLessThan(workArea.width);
    expect(bounds.y + bounds.height).toBeLessThan(workArea.height);
    expect(bounds.x).toBeGreaterThan(workArea.width / 2);
  });

  it('grows with each ringing call but never beyond the screen', () => {
    const one = ringWindowBounds(workArea, 1);
    const two = ringWindowBounds(workArea, 2);
    expect(two.height).toBeGreaterThan(one.height);
    expect(two.y + two.height).toBe(one.y + one.height);
    const many = ringWindowBounds({ x: 1920, y: 0, width: 1366, height: 728 }, 9);
    expect(many.y).toBeGreaterThanOrEqual(0);
    expect(many.x).toBeGreaterThanOrEqual(1920);
    expect(many.y + many.height).toBeLessThanOrEqual(728);
  });
});

import { describe, expect, it } from 'vitest';
import { estimatedRingContentHeight, RING_WINDOW_WIDTH, ringWindowBounds } from '../../main/electron/ringPlacement.js';

describe('ring window placement', () => {
  const workArea = { x: 0, y: 0, width: 1920, height: 1040 }; // a 1080p screen minus a bottom taskbar

  it('sits in the bottom-right corner of the work area, clear of the taskbar, as tall as its content', () => {
    const bounds = ringWindowBounds(workArea, 415);
    expect(bounds).toMatchObject({ width: RING_WINDOW_WIDTH, height: 415 });
    expect(bounds.x + bounds.width).toBeLessThan(workArea.width);
    expect(bounds.y + bounds.height).toBeLessThan(workArea.height);
    expect(bounds.x).toBeGreaterThan(workArea.width / 2);
  });

  it('grows upwards with its content but never beyond the screen', () => {
    const one = ringWindowBounds(workArea, 415);
    const two = ringWindowBounds(workArea, 840);
    expect(two.height).toBe(840);
    expect(two.y + two.height).toBe(one.y + one.height);
    const many = ringWindowBounds({ x: 1920, y: 0, width: 1366, height: 728 }, 3800);
    expect(many.y).toBeGreaterThanOrEqual(0);
    expect(many.x).toBeGreaterThanOrEqual(1920);
    expect(many.y + many.height).toBeLessThanOrEqual(728);
  });

  it('until the cards are measured, reckons with each ringing call', () => {
    expect(estimatedRingContentHeight(2)).toBeGreaterThan(estimatedRingContentHeight(1));
    expect(estimatedRingContentHeight(0)).toBe(estimatedRingContentHeight(1));
  });
});

import { describe, expect, it } from 'vitest';
import { RING_WINDOW_WIDTH, ringContentHeight, ringWindowBounds } from '../../main/electron/ringPlacement.js';

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

  it('takes the page’s measure made with the cards that ring now, else reckons per card until it measures again', () => {
    expect(ringContentHeight({ height: 415, cards: 1 }, 1)).toBe(415);
    // One to two cards and back within a frame: the measure made with one card still holds.
    expect(ringContentHeight({ height: 415, cards: 1 }, 2)).toBeGreaterThan(800);
    expect(ringContentHeight({ height: 415, cards: 1 }, 1)).toBe(415);
    expect(ringContentHeight(undefined, 2)).toBeGreaterThan(ringContentHeight(undefined, 1));
    expect(ringContentHeight(undefined, 0)).toBe(ringContentHeight(undefined, 1));
  });
});

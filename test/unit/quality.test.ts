import { describe, expect, it } from 'vitest';
import { rate, sampleOf } from '../../renderer/media/quality.js';

const stats = (received: number, lost: number, jitter: number, rtt: number) => [
  { type: 'inbound-rtp', kind: 'audio', packetsReceived: received, packetsLost: lost, jitter },
  { type: 'inbound-rtp', kind: 'video', packetsReceived: received * 3, packetsLost: 0, jitter: jitter / 2 },
  { type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: rtt },
  { type: 'candidate-pair', nominated: false, state: 'failed', currentRoundTripTime: 9 },
];

describe('connection quality', () => {
  it('reads loss, the worst jitter and the nominated pair’s round trip from getStats', () => {
    expect(sampleOf(stats(100, 2, 0.012, 0.04))).toEqual({ packetsReceived: 400, packetsLost: 2, jitterSeconds: 0.012, roundTripSeconds: 0.04 });
  });

  it('rates an interval: good, fair when loss or delay grows, poor beyond', () => {
    const start = sampleOf(stats(1000, 0, 0.005, 0.02));
    const good = rate(start, sampleOf(stats(2000, 4, 0.008, 0.03)));
    expect(good).toMatchObject({ rating: 'good', jitterMs: 8, roundTripMs: 30 });
    expect(good.lossPercent).toBeCloseTo((100 * 4) / 4004);
    expect(rate(start, sampleOf(stats(1500, 60, 0.01, 0.05))).rating).toBe('fair');
    expect(rate(start, sampleOf(stats(2000, 0, 0.01, 0.45))).rating).toBe('fair');
    expect(rate(start, sampleOf(stats(1100, 200, 0.09, 0.8))).rating).toBe('poor');
  });

  it('counts only the loss of the interval, and a silent interval as no loss', () => {
    const lossy = sampleOf(stats(1000, 500, 0.005, 0.02));
    expect(rate(lossy, sampleOf(stats(2000, 500, 0.005, 0.02))).rating).toBe('good');
    expect(rate(lossy, lossy).lossPercent).toBe(0);
  });
});

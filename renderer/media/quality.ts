// Connection quality from the call's own getStats(): packet loss over the last interval, jitter and
// round-trip time, rated the way people read it. Pure, so it is tested in Node.

export type QualitySample = {
  /** Cumulative over all inbound streams. */
  packetsReceived: number;
  packetsLost: number;
  /** Worst inbound jitter, in seconds. */
  jitterSeconds: number | undefined;
  roundTripSeconds: number | undefined;
};

export type Quality = {
  rating: 'good' | 'fair' | 'poor';
  lossPercent: number;
  jitterMs: number | undefined;
  roundTripMs: number | undefined;
};

// Thresholds in the spirit of ITU-T G.114 (one-way delay) and common VoIP guidance on loss and jitter.
const LIMITS = {
  good: { lossPercent: 2, jitterMs: 30, roundTripMs: 300 },
  fair: { lossPercent: 5, jitterMs: 60, roundTripMs: 600 },
};

type StatsReport = {
  type: string;
  kind?: string;
  packetsReceived?: number;
  packetsLost?: number;
  jitter?: number;
  nominated?: boolean;
  state?: string;
  currentRoundTripTime?: number;
};

/** Reads what the rating needs from a getStats() report. */
export function sampleOf(reports: Iterable<StatsReport>): QualitySample {
  const sample: QualitySample = { packetsReceived: 0, packetsLost: 0, jitterSeconds: undefined, roundTripSeconds: undefined };
  for (const report of reports) {
    if (report.type === 'inbound-rtp') {
      sample.packetsReceived += report.packetsReceived ?? 0;
      sample.packetsLost += Math.max(0, report.packetsLost ?? 0);
      if (report.jitter !== undefined) sample.jitterSeconds = Math.max(sample.jitterSeconds ?? 0, report.jitter);
    } else if (report.type === 'candidate-pair' && report.nominated && report.state === 'succeeded') {
      sample.roundTripSeconds = report.currentRoundTripTime ?? sample.roundTripSeconds;
    }
  }
  return sample;
}

/** Rates the interval between two samples (loss counts only what happened in it). */
export function rate(previous: QualitySample | undefined, current: QualitySample): Quality {
  const received = current.packetsReceived - (previous?.packetsReceived ?? 0);
  const lost = current.packetsLost - (previous?.packetsLost ?? 0);
  const lossPercent = received + lost > 0 ? (100 * Math.max(0, lost)) / (received + lost) : 0;
  const jitterMs = current.jitterSeconds === undefined ? undefined : current.jitterSeconds * 1000;
  const roundTripMs = current.roundTripSeconds === undefined ? undefined : current.roundTripSeconds * 1000;
  const within = (limits: (typeof LIMITS)['good']) =>
    lossPercent <= limits.lossPercent && (jitterMs ?? 0) <= limits.jitterMs && (roundTripMs ?? 0) <= limits.roundTripMs;
  return { rating: within(LIMITS.good) ? 'good' : within(LIMITS.fair) ? 'fair' : 'poor', lossPercent, jitterMs, roundTripMs };
}

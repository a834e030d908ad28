// What each window is sent of the core's snapshots (main/ipc/windowSnapshots.ts): a new ring reaches the ring
// window at once and the main window a moment later, so that on a small machine the ring window's card does not
// wait for a core while the main window prepares the answer.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppSnapshot } from '../../preload/shared/contract.js';
import { MAIN_WINDOW_AFTER_A_RING_MS, windowFeed } from '../../main/ipc/windowSnapshots.js';
import { appSnapshot, callSnapshot } from '../support/snapshots.js';

const revisions = (sent: AppSnapshot[]) => sent.map((snapshot) => snapshot.revision);

describe('the main window’s feed', () => {
  let sent: AppSnapshot[];
  let feed: (snapshot: AppSnapshot) => void;
  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    feed = windowFeed('main', (snapshot) => sent.push(snapshot));
  });
  afterEach(() => vi.useRealTimers());

  it('sends a snapshot that brings a new ring once the ring window has had its moment, the ring window at once', () => {
    const ringSent: AppSnapshot[] = [];
    const ringFeed = windowFeed('ring', (snapshot) => ringSent.push(snapshot));
    feed(appSnapshot({ revision: 1 }));
    const ring = appSnapshot({ revision: 2, calls: [callSnapshot('a')] });
    ringFeed(ring);
    feed(ring);
    expect(revisions(ringSent)).toEqual([2]);
    expect(revisions(sent)).toEqual([1]);
    vi.advanceTimersByTime(MAIN_WINDOW_AFTER_A_RING_MS - 1);
    expect(revisions(sent)).toEqual([1]);
    vi.advanceTimersByTime(1);
    expect(revisions(sent)).toEqual([1, 2]);
  });

  it('sends what was published meanwhile with it, as one snapshot: the latest', () => {
    feed(appSnapshot({ revision: 1 }));
    feed(appSnapshot({ revision: 2, calls: [callSnapshot('a')] }));
    feed(appSnapshot({ revision: 3, calls: [callSnapshot('a', { answerChoice: { video: false } })] }));
    vi.advanceTimersByTime(MAIN_WINDOW_AFTER_A_RING_MS);
    expect(revisions(sent)).toEqual([1, 3]);
  });

  it('does not hold a snapshot of rings it already sent, nor its first snapshot', () => {
    feed(appSnapshot({ revision: 1, calls: [callSnapshot('a')] }));
    feed(appSnapshot({ revision: 2, calls: [callSnapshot('a', { answerChoice: { video: false } })] }));
    feed(appSnapshot({ revision: 3, calls: [callSnapshot('a', { phase: 'connected' })] }));
    expect(revisions(sent)).toEqual([1, 2, 3]);
    feed(appSnapshot({ revision: 4, calls: [callSnapshot('a', { phase: 'connected' }), callSnapshot('b')] }));
    expect(revisions(sent)).toEqual([1, 2, 3]);
    vi.advanceTimersByTime(MAIN_WINDOW_AFTER_A_RING_MS);
    expect(revisions(sent)).toEqual([1, 2, 3, 4]);
  });
});

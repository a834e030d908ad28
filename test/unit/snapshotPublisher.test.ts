// The ring window's feed is served first (issue 12, ring latency): a snapshot reaches a listener subscribed
// `first` before any other, whenever either subscribed, so a ring card does not wait for the main
// window's whole snapshot to be serialised and sent.
import { describe, expect, it } from 'vitest';
import { SnapshotPublisher, type SnapshotContent } from '../../main/core/snapshots.js';

describe('the snapshot publisher', () => {
  it('calls the listeners subscribed first before the others, in the order each group subscribed', async () => {
    let ringing = 0;
    const publisher = new SnapshotPublisher(() => ({ ringing }) as unknown as SnapshotContent);
    const called: string[] = [];
    publisher.subscribe(() => called.push('main window'));
    publisher.subscribe(() => called.push('tray'));
    const ringWindow = publisher.subscribe(() => called.push('ring window'), { first: true });
    ringing = 1;
    publisher.changed();
    await Promise.resolve();
    expect(called).toEqual(['ring window', 'main window', 'tray']);

    ringWindow();
    ringing = 2;
    publisher.changed();
    await Promise.resolve();
    expect(called.slice(3)).toEqual(['main window', 'tray']);
  });
});

// What changed between two snapshots, as lines for the log: the account's state, each call's phase, its
// meeting audio and video, and how it ended (as the lasting history recorded it, under the call's id). Ids
// and kinds only: no names, addresses or subjects; a call that failed adds the sentence it shows, which is
// the reason catalog's or the app's own (the media bridge's counts of what it refused among them).
import type { AppSnapshot } from '../../preload/shared/contract.js';
import type { Logger } from './logger.js';

export function snapshotEvents(previous: AppSnapshot | undefined, next: AppSnapshot): string[] {
  const events: string[] = [];
  if (previous?.account.state !== next.account.state) {
    events.push(`Account ${next.account.state}${next.account.problem ? `: ${next.account.problem}` : ''}`);
  }
  const before = new Map(previous?.calls.map((call) => [call.id, call]));
  for (const call of next.calls) {
    const old = before.get(call.id);
    if (old?.phase !== call.phase) events.push(`Call ${call.id} (${call.kind}, ${call.direction.toLowerCase()}) ${call.phase}`);
    if (call.meetingMedia && old?.meetingMedia?.phase !== call.meetingMedia.phase) {
      events.push(`Call ${call.id} meeting audio and video ${call.meetingMedia.phase}${call.meetingMedia.problem ? `: ${call.meetingMedia.problem}` : ''}`);
    }
  }
  // The history's first snapshot holds what ended before: nothing of it is new.
  const recorded = new Set(previous?.history.recent.map((entry) => entry.id));
  for (const entry of previous ? next.history.recent : []) {
    if (recorded.has(entry.id) || entry.source !== 'local') continue;
    const why = entry.outcome === 'failed' && entry.ending ? `: ${entry.ending}` : '';
    events.push(`Call ${entry.id} (${entry.kind}) ended: ${entry.outcome}${entry.endCode ? ` (${entry.endCode})` : ''}${why}`);
  }
  return events;
}

export type SnapshotSource = { snapshot(): AppSnapshot; subscribe(listener: (snapshot: AppSnapshot) => void): () => void };

/** Logs what changes, from the current snapshot on. */
export function logSnapshotEvents(source: SnapshotSource, logger: Logger): () => void {
  let previous: AppSnapshot | undefined;
  const follow = (snapshot: AppSnapshot) => {
    for (const event of snapshotEvents(previous, snapshot)) logger.info(event);
    previous = snapshot;
  };
  follow(source.snapshot());
  return source.subscribe(follow);
}

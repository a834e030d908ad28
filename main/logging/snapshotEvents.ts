// What changed between two snapshots, as lines for the log: the account's state, each call's phase and its
// meeting audio and video (how each call ended is callEnds.ts's line, from where calls end). Ids and kinds
// only: no names, addresses or subjects.
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

import type { AppSnapshot, Presence, WindowRole } from '../../preload/shared/contract.js';

export type { WindowRole };

/**
 * What a window is shown of a snapshot. The main window is shown all of it. The ring window shows only
 * the ringing calls, their callers' presence, the settings and the policy: Recent and the history, the
 * contact list, colleagues' presence, the missed count and forwarding, most of a snapshot with a large
 * contact list, would be serialised, sent and applied there with every ring for nothing. A view keeps the
 * snapshot's revision.
 */
export function snapshotFor(role: WindowRole, snapshot: AppSnapshot): AppSnapshot {
  if (role === 'main') return snapshot;
  const calls = snapshot.calls.filter((call) => call.phase === 'ringing');
  const presence: Record<string, Presence> = {};
  for (const { caller } of calls) {
    const known = snapshot.people.presence[caller.uri];
    if (known) presence[caller.uri] = known;
  }
  const { forwarding: _shownInTheMainWindow, rosters: _meetingsToo, ...rest } = snapshot;
  return {
    ...rest,
    calls,
    history: { recent: [] },
    missed: { calls: 0, voicemails: 0 },
    people: { canSearch: snapshot.people.canSearch, presence },
  };
}

/**
 * The snapshots a window is sent: its view of each, and nothing when its view did not change (a colleague's
 * presence, a call that ended long ago moving down Recent), so the ring window sits still during a call.
 */
export function windowFeed(role: WindowRole, send: (snapshot: AppSnapshot) => void): (snapshot: AppSnapshot) => void {
  // The core publishes a snapshot only when it changed: the main window's view is all of it.
  if (role === 'main') return send;
  let shown: string | undefined;
  return (snapshot) => {
    const view = snapshotFor(role, snapshot);
    const content = JSON.stringify({ ...view, revision: 0 });
    if (content === shown) return;
    shown = content;
    send(view);
  };
}

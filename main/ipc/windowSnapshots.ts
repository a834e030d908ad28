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
 * How long the main window's copy of a snapshot that brings a new ring waits: a frame and a half. The ring
 * window's card is the one thing waiting on a ring. The main window's copy is the whole snapshot, which it
 * parses, applies and draws, and then prepares the answers (peer connections: the browser process and the
 * network service busy too); on two cores the card waited for a core meanwhile. Measured on one, in
 * interleaved runs of 48 rings (BENCH=ringPath): ring latency p50 6.0–6.4 → 4.1–5.1 ms, p95 13.1–17.1 →
 * 6.9–10.7 ms. The answers are still ready long before anyone can click Accept.
 */
export const MAIN_WINDOW_AFTER_A_RING_MS = 25;

/**
 * The snapshots a window is sent: its view of each, and nothing when its view did not change (a colleague's
 * presence, a call that ended long ago moving down Recent), so the ring window sits still during a call.
 * The main window's copy of a new ring comes MAIN_WINDOW_AFTER_A_RING_MS later, with whatever was published
 * meanwhile; its first snapshot never waits.
 */
export function windowFeed(role: WindowRole, send: (snapshot: AppSnapshot) => void): (snapshot: AppSnapshot) => void {
  // The core publishes a snapshot only when it changed: the main window's view is all of it.
  if (role === 'main') return afterTheRingWindow(send);
  let shown: string | undefined;
  return (snapshot) => {
    const view = snapshotFor(role, snapshot);
    const content = JSON.stringify({ ...view, revision: 0 });
    if (content === shown) return;
    shown = content;
    send(view);
  };
}

function afterTheRingWindow(send: (snapshot: AppSnapshot) => void): (snapshot: AppSnapshot) => void {
  let ringing: ReadonlySet<string> | undefined;
  let held: AppSnapshot | undefined;
  return (snapshot) => {
    const before = ringing;
    ringing = new Set(snapshot.calls.flatMap((call) => (call.phase === 'ringing' ? [call.id] : [])));
    if (held) {
      held = snapshot;
      return;
    }
    if (!before || [...ringing].every((id) => before.has(id))) return send(snapshot);
    held = snapshot;
    setTimeout(() => {
      const latest = held!;
      held = undefined;
      send(latest);
    }, MAIN_WINDOW_AFTER_A_RING_MS);
  };
}

// What the calls are doing, as the desktop shell needs to know: whether the person is in a call (the tray
// says so, the display stays awake) and which calls were just missed (the taskbar flashes). Pure, so it
// is tested in Node.
import type { AppSnapshot, CallSnapshot } from '../../preload/shared/contract.js';

/** An audio or video call being answered or connected, or a meeting with its audio and video on. */
export function isInCall(call: CallSnapshot): boolean {
  return (call.kind === 'audioVideo' && (call.phase === 'answering' || call.phase === 'connected')) || call.meetingMedia?.phase === 'connected';
}

/** Whether the display must not sleep: someone may be watching the other side's video, or just talking. */
export function needsDisplayAwake(snapshot: AppSnapshot): boolean {
  return snapshot.calls.some(isInCall);
}

/** Calls missed since the previous snapshot: ended calls that were not there before, with a missed outcome. */
export function newMissedCalls(previousRecentIds: ReadonlySet<string>, snapshot: AppSnapshot): CallSnapshot[] {
  return snapshot.recent.filter((call) => call.end?.outcome === 'missed' && !previousRecentIds.has(call.id));
}

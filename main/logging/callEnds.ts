// The log's line for a call that ended, from where calls end (the core's calls, not the history's snapshot):
// every call, an invitation to add someone among them, once. Id and kind only, as snapshotEvents' lines; a
// call that failed adds the sentence it shows.
import { outcomeOfCall } from '../../preload/shared/history.js';
import type { CallSnapshot } from '../../preload/shared/snapshots.js';

export function callEndedLine(call: CallSnapshot): string {
  // An invitation to add someone is part of its call, not in the history: its own outcome (joined, declined…).
  const outcome = call.kind === 'participant' ? (call.end?.outcome ?? 'cancelled') : outcomeOfCall(call);
  const endCode = [call.end?.code, call.end?.subcode].filter(Boolean).join('/');
  const why = outcome === 'failed' && call.end ? `: ${call.end.message}` : '';
  return `Call ${call.id} (${call.kind}) ended: ${outcome}${endCode ? ` (${endCode})` : ''}${why}`;
}

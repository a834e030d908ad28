// Whose presence the calls show: the caller of each call that rings (on its ring card). The windows look them up the same way.
import type { CallSnapshot } from '../../preload/shared/contract.js';

export function ringingCallers(calls: readonly CallSnapshot[]): string[] {
  return calls.filter((call) => call.phase === 'ringing' && call.direction === 'Incoming').map((call) => call.caller.uri);
}

// Whose presence the calls show: the caller of each call that rings (on its ring card) and the other person
// of each call in Recent (its call-back address), newest first. The windows look them up the same way.
import type { CallSnapshot } from '../../preload/shared/contract.js';

export function callPeople(calls: readonly CallSnapshot[], recent: readonly CallSnapshot[]): { ringing: string[]; inRecent: string[] } {
  return {
    ringing: calls.filter((call) => call.phase === 'ringing' && call.direction === 'Incoming').map((call) => call.caller.uri),
    inRecent: recent.flatMap((call) => (call.callBack ? [call.callBack.address] : [])),
  };
}

// Which rings deserve an OS notification: calls that just started ringing while the app's main window is
// out of sight, unless do-not-disturb is on; and which notices to withdraw, their calls no longer ringing.
// Also when the system-wide answer shortcut is held. Pure, so it is tested in Node; the adapter acts.
import type { AppSnapshot } from '../../preload/contract.js';

export type RingNotice = { callId: string; title: string; body: string };

export function newRingNotices(snapshot: AppSnapshot, alreadyRinging: ReadonlySet<string>, windowInSight: boolean): RingNotice[] {
  if (windowInSight || snapshot.settings.doNotDisturb !== 'off') return [];
  return snapshot.calls
    .filter((call) => call.phase === 'ringing' && call.direction === 'Incoming' && !alreadyRinging.has(call.id))
    .map((call) => ({
      callId: call.id,
      title: call.kind === 'messaging' ? `Message from ${call.caller.name}` : call.kind === 'onlineMeeting' ? `${call.caller.name} invites you to a meeting` : `${call.caller.name} is calling`,
      body: [call.importance === 'Urgent' || call.importance === 'Emergency' ? call.importance : '', call.subject].filter(Boolean).join(' · '),
    }));
}

/** The calls whose notices are still up although they stopped ringing (answered, declined, missed, gone). */
export function staleRingNotices(noticed: Iterable<string>, snapshot: AppSnapshot): string[] {
  const ringing = new Set(snapshot.calls.filter((call) => call.phase === 'ringing').map((call) => call.id));
  return [...noticed].filter((callId) => !ringing.has(callId));
}

/**
 * The answer shortcut to hold now: only while an incoming call rings that it could answer, so the keys
 * belong to other applications the rest of the time.
 */
export function answerShortcutWanted(snapshot: AppSnapshot): string | undefined {
  const answerable = snapshot.calls.some((call) => call.phase === 'ringing' && call.actions.includes('answer') && !call.answerChoice);
  return answerable ? snapshot.settings.answerShortcut : undefined;
}

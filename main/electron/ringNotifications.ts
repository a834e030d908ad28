// Which rings deserve an OS notification: calls that just started ringing while the app's main window is
// out of sight, unless do-not-disturb is on; and which notices to withdraw, their calls no longer ringing.
// Also when the system-wide answer shortcut is held, and when the main window comes to the front. Pure, so
// it is tested in Node; the adapter acts (and the browser host harness, as the adapter would).
import type { AppSnapshot } from '../../preload/shared/contract.js';

export type RingNotice = { callId: string; title: string; body: string };

export function newRingNotices(snapshot: AppSnapshot, alreadyRinging: ReadonlySet<string>, windowInSight: boolean): RingNotice[] {
  if (windowInSight || snapshot.settings.doNotDisturb !== 'off') return [];
  return snapshot.calls
    .filter((call) => call.phase === 'ringing' && call.direction === 'Incoming' && !alreadyRinging.has(call.id))
    .map((call) => ({
      callId: call.id,
      title:
        call.kind === 'messaging'
          ? `Message from ${call.caller.name}`
          : call.kind === 'onlineMeeting'
            ? `${call.caller.name} invites you to a meeting`
            : `${call.caller.name} is calling`,
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

/**
 * Follows the calls the person chose to answer while they ring (in the ring window, from the shortcut),
 * and says when one of them has been answered: the main window, which holds the call's controls, then
 * comes to the front.
 */
export function watchAnswerChoices(): (snapshot: AppSnapshot) => boolean {
  let chosen = new Set<string>();
  return (snapshot) => {
    const answered = snapshot.calls.some((call) => chosen.has(call.id) && call.phase !== 'ringing');
    chosen = new Set(snapshot.calls.filter((call) => call.phase === 'ringing' && call.answerChoice).map((call) => call.id));
    return answered;
  };
}

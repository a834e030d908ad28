// Which rings deserve an OS notification: calls that just started ringing while the app's main window is
// out of sight, unless do-not-disturb is on. Pure, so it is tested in Node; the adapter shows them.
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

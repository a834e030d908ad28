import type { CallSnapshot, Feature } from '../../preload/shared/contract.js';

/**
 * Calls that must not ring are declined at once (reason Local), each once: all of them under
 * do-not-disturb set to decline, and invitations to a feature the administrator turned off. Until the
 * server has them gone they stay out of sight: no ring, no card, no notification.
 */
export class TurnAway {
  readonly #turnedAway = new Set<string>();

  constructor(
    private readonly decline: (callId: string) => Promise<void>,
    private readonly reportProblem: (error: unknown) => void,
  ) {}

  apply(calls: readonly CallSnapshot[], declineAll: boolean, features: Record<Feature, boolean>): void {
    const turnedOff = (call: CallSnapshot) => (call.kind === 'messaging' && !features.messaging) || (call.kind === 'onlineMeeting' && !features.meetings);
    for (const id of this.#turnedAway) if (!calls.some((call) => call.id === id)) this.#turnedAway.delete(id);
    for (const call of calls) {
      if (call.phase !== 'ringing' || !call.actions.includes('decline') || this.#turnedAway.has(call.id)) continue;
      if (!declineAll && !turnedOff(call)) continue;
      this.#turnedAway.add(call.id);
      // Tried again at the next change when it fails; meanwhile it stays out of sight.
      this.decline(call.id).catch((error: unknown) => {
        this.#turnedAway.delete(call.id);
        this.reportProblem(error);
      });
    }
  }

  hides(call: CallSnapshot): boolean {
    return this.#turnedAway.has(call.id);
  }
}

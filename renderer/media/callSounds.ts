// What the main window plays around calls: the ringtone while a call rings here, and the ringback while a
// call placed here rings out without the callee's early media (which plays instead, when it comes).
import type { AppSnapshot } from '../../preload/shared/contract';
import { Ringtone } from './ringtone';

export class CallSounds {
  readonly #ringtone = new Ringtone();
  readonly #ringback = new Ringtone();

  /** `ringer`, `speaker`: the chosen devices' ids ('default' for the system's). */
  follow(snapshot: AppSnapshot, ringer: string, speaker: string): void {
    const ringing = snapshot.calls.filter((call) => call.phase === 'ringing' && call.direction === 'Incoming' && !call.answerChoice);
    if (ringing.length === 0 || snapshot.settings.doNotDisturb !== 'off') {
      this.#ringtone.stop();
    } else {
      const sinkIds = snapshot.settings.ringAlsoOnDefault && ringer !== 'default' ? [ringer, 'default'] : [ringer];
      this.#ringtone.start({ sinkIds, pattern: ringing.some((call) => call.context?.privateLine) ? 'privateLine' : 'normal' });
    }
    const ringingOut = snapshot.calls.some((call) => call.kind === 'audioVideo' && call.phase === 'ringingOut' && !call.remoteAnswer);
    if (ringingOut) this.#ringback.start({ sinkIds: [speaker], pattern: 'ringback' });
    else this.#ringback.stop();
  }
}

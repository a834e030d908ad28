// What the local service does with a call to the user under their forwarding settings, and whom it rang
// so that tests see the effect: forwarded immediately, the target rings and the user does not;
// simultaneous ring rings the user and, after the ring delay, the target; an unanswered call stops ringing
// the user after its delay (missed, as the user's invitation says) and goes to voicemail or the contact.
// The rules hold always or, with activePeriod Workhours, only in work hours.
import type { PlacedCall } from './incomingCall.js';
import type { ForwardingSettings } from './forwardingSettings.js';
import type { FailureReason, Person } from './resources.js';
import { appendKeepingNewest } from './keepNewest.js';

/** Whom the service rang in the user's place (or beside them), for which rule. */
export type ForwardedRing = { from: string; to: string; rule: 'ImmediateForward' | 'SimultaneousRing' | 'Unanswered' };

/** The user's invitation when an unanswered call goes elsewhere: missed, as ErrorSubcode's Missed says. */
const WENT_ON: FailureReason = { code: 'Informational', subcode: 'Missed', message: 'The invitation was missed and forwarded.' };
/** The caller's side of a call forwarded immediately (ErrorSubcode: Forwarded, "CallForwardedLocally"). */
const FORWARDED: FailureReason = { code: 'Informational', subcode: 'Forwarded', message: 'The call was forwarded.' };

export type ForwardedCallsOptions = {
  settings: ForwardingSettings;
  voicemailUri: string;
  delegates: readonly Person[];
  team: readonly Person[];
  /** How long a second of a ring delay lasts (tests shorten it); default 1000 ms. */
  secondMs: number;
  /** Whether it is work hours now (activePeriod Workhours); default Monday to Friday, 8:00 to 17:00 local time. */
  workHours(): boolean;
};

export class ForwardedCalls {
  readonly #rung: ForwardedRing[] = [];

  constructor(private readonly options: ForwardedCallsOptions) {}

  /** Everyone rung in the user's place or beside them, oldest first (the newest RECORDS_KEPT). */
  get rung(): readonly ForwardedRing[] {
    return this.#rung;
  }

  /** Places a call from `from` to the user under the settings in effect; `ringUser` rings the user's applications. */
  place(from: Person, ringUser: () => PlacedCall): PlacedCall {
    const { settings, workHours } = this.options;
    const state = settings.state;
    const inEffect = state.activePeriod === 'Always' || workHours();
    const ring = (to: readonly string[], rule: ForwardedRing['rule']) =>
      appendKeepingNewest(
        this.#rung,
        to.map((uri) => ({ from: from.uri, to: uri, rule })),
      );
    if (inEffect && state.activeSetting === 'ImmediateForward' && state.immediate.target !== 'None') {
      ring(this.#targets(state.immediate), 'ImmediateForward');
      return notRung(FORWARDED);
    }
    const leg = ringUser();
    let ringing = true;
    const timers: NodeJS.Timeout[] = [];
    const after = (seconds: number, then: () => void) =>
      timers.push(
        setTimeout(() => {
          if (ringing) then();
        }, seconds * this.options.secondMs),
      );
    void leg.outcome.then(() => {
      ringing = false;
      for (const timer of timers) clearTimeout(timer);
    });
    const { simultaneous, unanswered } = state;
    if (inEffect && state.activeSetting === 'SimultaneousRing' && simultaneous.target !== 'None') {
      after(simultaneous.ringDelay, () => ring(this.#targets(simultaneous), 'SimultaneousRing'));
    }
    if (inEffect && state.unansweredCallHandling === 'Enabled' && unanswered.target !== 'None') {
      after(unanswered.ringDelay, () => {
        ring(this.#targets(unanswered), 'Unanswered');
        leg.cancel(WENT_ON);
      });
    }
    return leg;
  }

  #targets(setting: { target: string; contact?: string }): string[] {
    switch (setting.target) {
      case 'Contact':
        return setting.contact ? [setting.contact] : [];
      case 'Voicemail':
        return [this.options.voicemailUri];
      case 'Delegates':
        return this.options.delegates.map((person) => person.uri);
      case 'Team':
        return this.options.team.map((person) => person.uri);
      default:
        return [];
    }
  }
}

/** Monday to Friday, 8:00 to 17:00 local time. */
export function officeHours(now = new Date()): boolean {
  const day = now.getDay();
  return day >= 1 && day <= 5 && now.getHours() >= 8 && now.getHours() < 17;
}

/** The caller's side of a call that never rang the user. */
function notRung(reason: FailureReason): PlacedCall {
  return {
    outcome: Promise.resolve({ status: 'Failure', reason }),
    ended: Promise.resolve('callee'),
    cancel: () => undefined,
    hangUp: () => undefined,
    sendMessage: () => {
      throw new Error('The call was forwarded: no conversation with the user');
    },
    messagesFromCallee: [],
    declinedWith: [],
    renegotiate: () => Promise.reject(new Error('The call was forwarded: no conversation with the user')),
  };
}

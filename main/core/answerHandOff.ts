// The ring window takes the person's choice to answer; the main window, which holds the media, answers.
// The choice travels in the snapshot from one to the other, and a failed answer comes back the same way.
import type { CallSnapshot } from '../../preload/shared/contract.js';
import { analyseOffer } from '../../preload/shared/offerAnalysis.js';
import { IllegalActionError } from '../calls/errors.js';
import { UnknownCallError } from '../calls/errors.js';

export class AnswerHandOff {
  readonly #choices = new Map<string, { video: boolean }>();
  readonly #problems = new Map<string, string>();

  /** Records that the person chose to answer the call, with video or not. */
  choose(calls: readonly CallSnapshot[], callId: string, video: boolean): void {
    const call = calls.find((c) => c.id === callId);
    if (!call) throw new UnknownCallError(`No active call ${callId}`);
    if (call.phase !== 'ringing' || !call.actions.includes('answer')) throw new IllegalActionError(`Cannot answer a call that is ${call.phase}`);
    this.#choices.set(callId, { video });
    this.#problems.delete(callId);
  }

  /** The main window could not answer: the choice goes, so the call can be answered or declined again. */
  failed(callId: string, problem: string): void {
    this.#choices.delete(callId);
    this.#problems.set(callId, problem);
  }

  /** The newest call that rings, can be answered here and has no choice yet (the answer shortcut's), with video when it offers video. */
  newestToAnswer(calls: readonly CallSnapshot[], videoAllowed: boolean): { callId: string; video: boolean } | undefined {
    const newest = calls.filter((call) => call.phase === 'ringing' && call.actions.includes('answer') && !this.#choices.has(call.id)).at(-1);
    const offer = newest?.offerSdp ? analyseOffer(newest.offerSdp) : undefined;
    if (!newest || !offer?.answerable) return undefined;
    return { callId: newest.id, video: offer.hasVideo && videoAllowed };
  }

  /** The calls with their choices and problems; those of calls that no longer ring are forgotten. */
  present(calls: readonly CallSnapshot[]): CallSnapshot[] {
    const ringing = new Set(calls.filter((call) => call.phase === 'ringing').map((call) => call.id));
    for (const remembered of [this.#choices, this.#problems]) {
      for (const id of remembered.keys()) if (!ringing.has(id)) remembered.delete(id);
    }
    return calls.map((call) => {
      const choice = this.#choices.get(call.id);
      const problem = this.#problems.get(call.id);
      return { ...call, ...(choice && { answerChoice: choice }), ...(problem !== undefined && { answerProblem: problem }) };
    });
  }
}

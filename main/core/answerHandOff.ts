// The ring window takes the person's choice to answer; the main window, which holds the media, answers.
// The choice travels in the snapshot from one to the other, and a failed answer comes back the same way.
// A call the main window answered early (early media) is answered here at once: its final answer repeats
// the early one, which the core has, so it needs nothing more of the main window.
import type { CallSnapshot } from '../../preload/shared/contract.js';
import { analyseOffer } from '../../preload/shared/offerAnalysis.js';
import { IllegalActionError } from '../calls/errors.js';
import { UnknownCallError } from '../calls/errors.js';

export class AnswerHandOff {
  readonly #choices = new Map<string, { video: boolean }>();
  readonly #problems = new Map<string, string>();
  /** The main window's early answers of the calls that ring. */
  readonly #early = new Map<string, string>();
  /** The answers sent here on a choice, until their calls are gone. */
  readonly #sent = new Map<string, { sdp: string; done: Promise<void> }>();

  /**
   * Records that the person chose to answer the call, with video or not; one the main window answered early is
   * answered at once by `send` (its failure is the main window's to hear, when it sends the same answer: sentAnswer).
   */
  choose(calls: readonly CallSnapshot[], callId: string, video: boolean, send: (sdp: string) => Promise<void>): void {
    const call = calls.find((c) => c.id === callId);
    if (!call) throw new UnknownCallError(`No active call ${callId}`);
    if (call.phase !== 'ringing' || !call.actions.includes('answer')) throw new IllegalActionError(`Cannot answer a call that is ${call.phase}`);
    this.#choices.set(callId, { video });
    this.#problems.delete(callId);
    const early = this.#early.get(callId);
    if (early === undefined || this.#sent.has(callId)) return;
    const done = send(early);
    done.catch(() => undefined);
    this.#sent.set(callId, { sdp: early, done });
  }

  /** The main window answered the call early with `sdp`. */
  answeredEarly(callId: string, sdp: string): void {
    this.#early.set(callId, sdp);
  }

  /** The answer sent here for the call, if it was `sdp`: the main window's same answer is that one. */
  sentAnswer(callId: string, sdp: string): Promise<void> | undefined {
    const sent = this.#sent.get(callId);
    return sent?.sdp === sdp ? sent.done : undefined;
  }

  /** The main window could not answer: the choice goes, so the call can be answered or declined again. */
  failed(callId: string, problem: string): void {
    this.#choices.delete(callId);
    this.#early.delete(callId);
    this.#sent.delete(callId);
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
    for (const remembered of [this.#choices, this.#problems, this.#early]) {
      for (const id of remembered.keys()) if (!ringing.has(id)) remembered.delete(id);
    }
    const present = new Set(calls.map((call) => call.id));
    for (const id of this.#sent.keys()) if (!present.has(id)) this.#sent.delete(id);
    return calls.map((call) => {
      const choice = this.#choices.get(call.id);
      const problem = this.#problems.get(call.id);
      return { ...call, ...(choice && { answerChoice: choice }), ...(problem !== undefined && { answerProblem: problem }) };
    });
  }
}

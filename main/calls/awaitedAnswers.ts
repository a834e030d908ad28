import { RenegotiationFailedError } from './errors.js';

/** How long the other side has to answer a new offer whose answer the server reports by event. */
const RENEGOTIATION_TIMEOUT_MS = 30_000;

export type AnswerOutcome = { answerSdp: string } | { error: Error };

/** New offers of ours whose answer the server will report by event, by renegotiation href. */
export class AwaitedAnswers {
  readonly #byHref = new Map<string, (outcome: AnswerOutcome) => void>();

  /** Settles the offer's wait, if one waits at this href. */
  settler(url: URL): ((outcome: AnswerOutcome) => void) | undefined {
    return this.#byHref.get(url.href);
  }

  /** The answer, once an event brings it; fails when none comes in time. */
  wait(url: URL): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => settle({ error: new RenegotiationFailedError('The other side did not answer in time.') }), RENEGOTIATION_TIMEOUT_MS);
      timer.unref();
      const settle = (outcome: AnswerOutcome) => {
        clearTimeout(timer);
        this.#byHref.delete(url.href);
        if ('answerSdp' in outcome) resolve(outcome.answerSdp);
        else reject(outcome.error);
      };
      this.#byHref.set(url.href, settle);
    });
  }

  failAll(error: Error): void {
    for (const settle of [...this.#byHref.values()]) settle({ error });
  }
}

import { UcwaError } from './errors.js';

/** What `work` gives, or undefined when the server's answer is unusable: its UcwaError goes to `onProblem`, anything else is thrown. */
export async function orReported<T>(work: () => Promise<T>, onProblem: (error: UcwaError) => void): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof UcwaError)) throw error;
    onProblem(error);
    return undefined;
  }
}

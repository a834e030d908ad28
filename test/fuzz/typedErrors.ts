/** A class of the errors a module documents (MalformedError, LinkError...): never Error itself. */
type ErrorClass = abstract new (...args: never[]) => Error;

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: Error };

/**
 * Runs `action`, which must return or throw an instance of one of `typed`, with a message. Anything else
 * escaping (a TypeError, RangeError, SyntaxError, a plain Error, a thrown non-error) fails the property.
 */
export function typedOutcome<T>(action: () => T, typed: readonly ErrorClass[]): Outcome<T> {
  try {
    return { ok: true, value: action() };
  } catch (error) {
    if (!typed.some((type) => error instanceof type)) {
      throw new Error(`an untyped error escaped: ${describe(error)}`, { cause: error });
    }
    const typedError = error as Error;
    if (typeof typedError.message !== 'string' || typedError.message.length === 0) {
      throw new Error(`${typedError.name} has no message`, { cause: error });
    }
    return { ok: false, error: typedError };
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}\n${error.stack ?? ''}`;
  try {
    return `a thrown ${typeof error}: ${String(error)}`;
  } catch {
    return `a thrown ${typeof error}`;
  }
}

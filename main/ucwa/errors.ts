// Typed errors of the UCWA client. Every failure the server or the network can cause is one of these,
// so callers can tell a refused href from an HTTP failure from a malformed resource.

export class UcwaError extends Error {
  override name = 'UcwaError';
}

/** Waits for `request`; a server's problem (a UcwaError) goes to `onProblem` instead of being thrown, anything else is thrown. */
export async function reportingServerProblems(request: Promise<unknown>, onProblem: (error: UcwaError) => void): Promise<void> {
  try {
    await request;
  } catch (error) {
    if (!(error instanceof UcwaError)) throw error;
    onProblem(error);
  }
}

/** An href pointed outside the origins discovery established, or at a scheme we never follow. */
export class ForeignHrefError extends UcwaError {
  override name = 'ForeignHrefError';
  constructor(
    readonly href: string,
    reason: string,
  ) {
    super(`Refused to follow ${JSON.stringify(truncate(href))}: ${reason}`);
  }
}

/** The server answered with a non-success status; code and subcode come from the UCWA error body. */
export class HttpError extends UcwaError {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly url: string,
    readonly code?: string,
    readonly subcode?: string,
    readonly wwwAuthenticate?: string,
  ) {
    super(`HTTP ${status}${code ? ` ${code}` : ''}${subcode ? `/${subcode}` : ''} from ${url}`);
  }
}

/** The request never got an answer: connection refused or reset, DNS failure, timeout. */
export class NetworkError extends UcwaError {
  override name = 'NetworkError';
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(`No answer from ${url}: ${describeCause(cause)}`, { cause });
  }
}

/** A response or resource did not have the documented shape; `field` names what was wrong. */
export class MalformedError extends UcwaError {
  override name = 'MalformedError';
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`Malformed ${field}: ${problem}`);
  }
}

export function truncate(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** fetch reports "fetch failed" and keeps the reason (ENOTFOUND, ECONNREFUSED, a TLS error) in `cause`. */
function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  return cause.cause instanceof Error ? `${cause.message} (${cause.cause.message})` : cause.message;
}

import { GrantNotOfferedError, SignInRefusedError } from '../ucwa/auth.js';
import { DiscoveryError } from '../ucwa/discovery.js';
import { HttpError, MalformedError, type UcwaError } from '../ucwa/errors.js';

/** Why a sign-in failed, in a sentence for the person. */
export function signInProblem(error: UcwaError): string {
  if (error instanceof SignInRefusedError) {
    const refused = {
      password: 'The user name or password was not accepted.',
      windows: 'The server did not accept this computer’s Windows sign-in.',
      anonymousMeeting: 'The meeting did not accept this link or key.',
    };
    return refused[error.grant];
  }
  if (error instanceof GrantNotOfferedError) return 'The server does not offer this way of signing in.';
  if (error instanceof DiscoveryError) return 'No Skype for Business server was found for this address.';
  if (error instanceof HttpError && error.status === 410) return `The server ended this session (${error.subcode ?? error.code ?? 'Gone'}).`;
  if (error instanceof HttpError && error.status === 404) return 'The server no longer knows this session.';
  if (error.name === 'NetworkError') return 'The server could not be reached.';
  if (error instanceof MalformedError && error.field === 'sip address') return 'That sign-in address is not in the form name@domain.';
  // Not the error's own text: it names the server's addresses, which the renderer never sees.
  if (error instanceof HttpError) return `The server refused the sign-in (HTTP ${error.status}).`;
  return 'The sign-in failed: the server’s answer could not be read.';
}

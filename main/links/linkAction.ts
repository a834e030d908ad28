// What a link the OS hands the app asks for. Any web page can launch a sip:, tel: or conf: link, so its
// text is hostile until proven otherwise: this module accepts a few exact shapes and refuses the rest with
// a typed error. Meeting links are read by main/calls/meetingLinks.ts; the organiser address it yields is
// checked again here, because a conf: URI is percent-decoded on the way. What makes a SIP address or a phone
// number callable is main/calls/callTargets.ts's, as for what a person types; this module adds what only a
// link is refused for (several links, length, control characters, credentials, parameters).
import { CallTargetError, phoneTargetOf, sipTargetOf } from '../calls/callTargets.js';
import { MeetingLinkError, meetingUriOf } from '../calls/meetingLinks.js';

export type LinkAction = { kind: 'joinMeeting'; uri: string } | { kind: 'call'; address: string };

export type LinkProblem =
  | 'severalLinks'
  | 'tooLong'
  | 'controlCharacter'
  | 'notAscii'
  | 'unsupportedScheme'
  | 'credentials'
  | 'parameters'
  | 'malformedAddress'
  | 'notInternationalNumber'
  | 'notAMeeting';

export class LinkError extends Error {
  override name = 'LinkError';
  constructor(
    readonly problem: LinkProblem,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * The schemes the app registers itself for (main/electron/protocolLinks.ts, electron-builder.yml's
 * protocols): sip: (people and conference URIs), tel: (numbers) and conf:. Each link asks the person first.
 */
export const REGISTERED_SCHEMES = ['sip', 'tel', 'conf'] as const;

/** Longer than any meeting link; checked before any pattern runs over the text. */
export const MAX_LINK_LENGTH = 2048;
const MAX_TEL_LENGTH = 64;

const CONFERENCE_MARK = /;gruu;opaque=app:conf:focus:id:/i;
const CONFERENCE_PART = /^;gruu;opaque=app:conf:focus:id:[A-Za-z0-9]+$/;

/**
 * The action an argv asks for: at most one link, or none. Flags (`--hidden`, Chromium's own switches),
 * the `--` that ends them, the executable and the app path are not links: a link starts with a scheme of
 * two letters or more, which a Windows drive letter (`C:\…`) is not.
 */
export function linkActionFromArgv(argv: readonly string[]): LinkAction | undefined {
  const links = argv.filter((arg) => !arg.startsWith('-') && /^[A-Za-z][A-Za-z0-9+.-]+:/.test(arg));
  if (links.length > 1) throw new LinkError('severalLinks', 'Softphone opens one link at a time.');
  return links[0] === undefined ? undefined : linkAction(links[0]);
}

export function linkAction(link: string): LinkAction {
  if (link.length > MAX_LINK_LENGTH) throw new LinkError('tooLong', 'That link is too long to be a call or meeting link.');
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  if (/[\u0000-\u001f\u007f-\u009f]/.test(link)) throw new LinkError('controlCharacter', 'That link contains control characters.');
  if (/[^\u0020-\u007e]/.test(link)) {
    // Look-alike letters, right-to-left marks and invisible characters can make one address read as another.
    throw new LinkError('notAscii', 'That link contains characters outside plain ASCII, which can disguise an address.');
  }
  const scheme = link.slice(0, link.indexOf(':')).toLowerCase();
  const rest = link.slice(scheme.length + 1);
  switch (scheme) {
    case 'https':
    case 'conf':
      return { kind: 'joinMeeting', uri: meetingUri(link) };
    case 'sip':
      return CONFERENCE_MARK.test(rest) ? { kind: 'joinMeeting', uri: meetingUri(link) } : { kind: 'call', address: sipAddress(rest) };
    case 'tel':
      return { kind: 'call', address: telAddress(rest) };
    default:
      throw new LinkError('unsupportedScheme', 'Softphone opens sip:, tel: and conf: links and https meeting links, nothing else.');
  }
}

function meetingUri(link: string): string {
  if (link.includes(' ')) throw new LinkError('notAMeeting', 'A meeting link has no spaces.');
  if (/^https:/i.test(link) && hasCredentials(link)) {
    throw new LinkError('credentials', 'A meeting link carries no user name or password.');
  }
  let uri: string;
  try {
    uri = meetingUriOf(link);
  } catch (error) {
    if (error instanceof MeetingLinkError) throw new LinkError('notAMeeting', error.message, { cause: error });
    throw error;
  }
  sipAddress(uri.slice('sip:'.length, uri.indexOf(';')));
  // The conference part and nothing else: a parameter slipped in before it (;transport=…) is refused too.
  if (!CONFERENCE_PART.test(uri.slice(uri.indexOf(';')))) {
    throw new LinkError('parameters', 'A meeting link names the meeting and nothing else: its parameters are refused.');
  }
  return uri;
}

function hasCredentials(link: string): boolean {
  try {
    const url = new URL(link);
    return url.username !== '' || url.password !== '';
  } catch {
    return false; // meetingUriOf says what is wrong with it
  }
}

/**
 * `name@domain` and nothing more. URI parameters and headers (`;transport=`, `;maddr=`, `?Route=`) would
 * choose how and where signalling goes, which is the server's business: a link only says whom to call.
 */
function sipAddress(text: string): string {
  if (/[;?]/.test(text)) {
    throw new LinkError('parameters', 'Links with parameters or headers (;transport=…, ?subject=…) are refused: use a plain sip:name@domain link.');
  }
  const parts = text.split('@');
  if (parts.length === 2 && parts[0]?.includes(':')) throw new LinkError('credentials', 'A sip: link carries no password.');
  return callable(() => sipTargetOf(text));
}

function telAddress(text: string): string {
  if (/[;?]/.test(text)) {
    throw new LinkError('parameters', 'Links with parameters (;ext=…, ;phone-context=…) are refused: use a tel:+number link.');
  }
  let number: string;
  try {
    number = decodeURIComponent(text);
  } catch {
    throw new LinkError('malformedAddress', 'That tel: link is malformed.');
  }
  if (number.length > MAX_TEL_LENGTH) throw new LinkError('malformedAddress', 'That tel: link is too long for a phone number.');
  return callable(() => phoneTargetOf(number));
}

/** The target's URI, or the LinkError that says why it cannot be called. */
function callable(target: () => { uri: string }): string {
  try {
    return target().uri;
  } catch (error) {
    if (!(error instanceof CallTargetError)) throw error;
    throw new LinkError(error.problem === 'notInternational' ? 'notInternationalNumber' : 'malformedAddress', error.message, { cause: error });
  }
}

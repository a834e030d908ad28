// What a person types to call someone, made into the `to` of an outgoing invitation: a SIP URI, a
// sign-in style address (name@domain, which is its SIP URI without the scheme) or a phone number (a
// `tel:` URI in E.164 form). Anything else is refused with a sentence before anything is sent. The one
// definition of a SIP address and a phone number that can be called: links (main/links) use it too.
import { TEL_E164 } from '../../preload/shared/settingsValues.js';

/** Why a target was refused, for callers that say it in their own terms (links). */
export type CallTargetProblem = 'tooLong' | 'empty' | 'characters' | 'scheme' | 'parameters' | 'notAnAddress' | 'notInternational' | 'notANumber';

export class CallTargetError extends Error {
  override name = 'CallTargetError';
  constructor(
    readonly problem: CallTargetProblem,
    message: string,
  ) {
    super(message);
  }
}

export type CallTarget = { kind: 'sip' | 'tel'; uri: string };

/** Longer than any address or number a person types; the server's own limit for `to` is 2048. */
const MAX_INPUT_LENGTH = 256;
/** Letters, digits and the few marks real SIP addresses use (o'brien, first.last, +number, first_last), dot-separated. */
const SIP_USER = /^[A-Za-z0-9_+'-]+(?:\.[A-Za-z0-9_+'-]+)*$/;
const MAX_SIP_USER_LENGTH = 64;
const DOMAIN_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
/** RFC 3966 visual separators, and the spaces people type between groups of digits. */
const PHONE_SEPARATORS = /[ \-.()]/g;

/** The call target for what a person typed; throws CallTargetError with a sentence when it is neither an address nor a number. */
export function callTargetOf(input: string): CallTarget {
  if (input.length > MAX_INPUT_LENGTH) throw new CallTargetError('tooLong', 'That is too long for an address or a phone number.');
  const text = input.trim();
  if (text === '') throw new CallTargetError('empty', 'Type an address or a phone number to call.');
  // Control characters (CR and LF among them) and anything beyond ASCII: no address or number has them.
  if (/[^\x20-\x7e]/.test(text)) throw new CallTargetError('characters', 'That contains characters no address or phone number has.');
  if (/^tel:/i.test(text)) return phoneTargetOf(text.slice(4));
  if (/^sips?:/i.test(text)) return sipTarget(text);
  if (text.includes('@')) return sipTarget(`sip:${text}`);
  if (/^[+0-9\s\-.()]+$/.test(text)) return phoneTargetOf(text);
  throw new CallTargetError('notAnAddress', 'Type a SIP address (name@contoso.com) or a phone number starting with + and the country code.');
}

/** A target the server gave (policies' voicemailUri) as it is, or what the person typed, read by callTargetOf. */
export function asCallTarget(to: string | CallTarget): CallTarget {
  return typeof to === 'string' ? callTargetOf(to) : to;
}

/** Whom a person types to message: an address (as callTargetOf reads it), since instant messages go to no phone number. */
export function messageTargetOf(input: string): string {
  const target = callTargetOf(input);
  if (target.kind === 'tel') throw new CallTargetError('notAnAddress', 'Messages go to an address (name@contoso.com), not to a phone number.');
  return target.uri;
}

function sipTarget(text: string): CallTarget {
  if (!/^sip:/i.test(text)) throw new CallTargetError('scheme', 'Only sip: addresses can be called.');
  return sipTargetOf(text.slice(4));
}

/**
 * `name@domain` (what follows `sip:`), the domain a DNS name of two labels or more and not an IP address:
 * a person's address names a domain. Parameters (;transport=, ;maddr=) and headers (?Subject=) would let a
 * typed or pasted address steer how the server routes the call or add to its request: they are refused, not dropped.
 */
export function sipTargetOf(address: string): CallTarget {
  if (/[;?]/.test(address)) throw new CallTargetError('parameters', 'Type the address alone, without ; or ? and what follows them.');
  const at = address.lastIndexOf('@');
  const user = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (at < 0 || user.length > MAX_SIP_USER_LENGTH || !SIP_USER.test(user) || !isHostName(domain)) {
    throw new CallTargetError('notAnAddress', 'That is not an address that can be called: it should look like name@contoso.com.');
  }
  return { kind: 'sip', uri: `sip:${user}@${domain.toLowerCase()}` };
}

/**
 * The person's own phone number (Settings, the server's list of their phones) as a tel: URI, or a
 * CallTargetError with a sentence: the server rings this number, so nothing but E.164 will do.
 */
export function phoneNumberOf(input: string): string {
  const target = callTargetOf(/^tel:/i.test(input.trim()) ? input : `tel:${input}`);
  return target.uri;
}

function isHostName(domain: string): boolean {
  const labels = domain.split('.');
  return domain.length <= 253 && labels.length >= 2 && labels.every((label) => DOMAIN_LABEL.test(label)) && !/^[0-9]+$/.test(labels.at(-1) ?? '');
}

/**
 * Only numbers with their country code: the app does not know the person's dial plan (UCWA does not hand
 * out the server's normalisation rules), and a guessed country or a number dialled as-is could ring a
 * stranger. An E.164 number means the same everywhere; extensions are called by their SIP address.
 */
export function phoneTargetOf(text: string): CallTarget {
  const digits = text.replace(PHONE_SEPARATORS, '');
  const notANumber = () =>
    new CallTargetError(
      'notANumber',
      'That is not a phone number that can be called: + and the country code, then the number: at least 7 and at most 15 digits.',
    );
  if (!/^\+?[0-9]+$/.test(digits)) throw notANumber();
  if (!digits.startsWith('+')) {
    throw new CallTargetError('notInternational', 'Start the phone number with + and the country code, for example +1 425 555 0100.');
  }
  if (!TEL_E164.test(`tel:${digits}`)) throw notANumber();
  return { kind: 'tel', uri: `tel:${digits}` };
}

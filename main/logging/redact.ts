// Secrets never reach a log file or a diagnostics bundle: UCWA tokens (cwt=…), Authorization headers,
// bearer tokens, Negotiate/NTLM tickets, cookies, passwords, keys and access tokens in form and JSON
// bodies, credentials in URLs, SDES keys and ICE passwords in SDP, and object fields with such names.
// What identifies a session without granting anything (sessionContext, hrefs) stays readable, less the
// contacts' addresses in them (contactAddresses.ts).
import { inspect } from 'node:util';
import { withoutContactAddresses } from './contactAddresses.js';

export const REDACTED = '[redacted]';

/** Form, query and JSON field names whose values are secrets (the anonymous meeting key travels as `password`). */
const SECRET_FIELDS = 'access_token|refresh_token|id_token|client_secret|password|passwd|pwd|conferenceKey|ms_rtc_renew';
/** Object keys, compared without case, `-` or `_`. */
const SECRET_KEYS = new Set([
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'clientsecret',
  'password',
  'passwd',
  'pwd',
  'turnpassword',
  'msrtcrenew',
  'conferencekey',
]);

const TEXT_RULES: ReadonlyArray<readonly [RegExp, (match: string, ...groups: string[]) => string]> = [
  // An Authorization header's value, whatever its scheme; the scheme stays for the reader.
  [
    /(authorization["']?\s*[:=]\s*["']?)(?:(Bearer|Negotiate|NTLM|Basic|MsRtcOAuth)\s+)?[^\s"',;}]+/gi,
    (_, head: string, scheme?: string) => `${head}${scheme ? `${scheme} ` : ''}${REDACTED}`,
  ],
  // Tickets after their scheme anywhere else (WWW-Authenticate: Negotiate <ticket>); prose is shorter.
  [/\b(Negotiate|NTLM)(\s+)[A-Za-z0-9\-._~+/=]{16,}/gi, (_, scheme: string, space: string) => `${scheme}${space}${REDACTED}`],
  // A bearer token of any length after the scheme as headers write it (prose says "bearer token").
  [/\bBearer(\s+)[A-Za-z0-9\-._~+/=]+/g, (_, space: string) => `Bearer${space}${REDACTED}`],
  // Cookies, to the end of the header.
  [/(\b(?:set-)?cookie["']?\s*[:=]\s*["']?)[^\r\n"']+/gi, (_, head: string) => `${head}${REDACTED}`],
  // A URL's user information: scheme://user:password@host.
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:)[^\s/@]+@/gi, (_, head: string) => `${head}${REDACTED}@`],
  // SDES keys and ICE passwords in SDP, also inside JSON text (a base64 or ice-char run ends at the escape).
  [/(a=crypto:\S+ \S+ inline:)[A-Za-z0-9+/=]+/g, (_, head: string) => `${head}${REDACTED}`],
  [/(a=ice-pwd:)[A-Za-z0-9+/=]+/g, (_, head: string) => `${head}${REDACTED}`],
  [/\bcwt(=|%3D)[^\s"'&,;<>(){}[\]]+/gi, (_, equals: string) => `cwt${equals}${REDACTED}`],
  // A JSON member whose name ends with one of them (turnPassword, new_password).
  [new RegExp(`("[\\w-]*?(?:${SECRET_FIELDS})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi'), (_, head: string) => `${head}"${REDACTED}"`],
  // Inspected objects and maps: password: '…', 'password' => '…'.
  [new RegExp(`((?:${SECRET_FIELDS})'?\\s*(?::|=>)\\s*)'(?:[^'\\\\]|\\\\.)*'`, 'gi'), (_, head: string) => `${head}'${REDACTED}'`],
  [new RegExp(`((?:${SECRET_FIELDS})=)[^&\\s"',;]+`, 'gi'), (_, head: string) => `${head}${REDACTED}`],
  // In prose: password: value (quoted values were taken by the rules above).
  [new RegExp(`((?:${SECRET_FIELDS}):\\s*)(?!["'\\[{]|\\[redacted\\])[^\\s,;}]+`, 'gi'), (_, head: string) => `${head}${REDACTED}`],
];

/** The text without its secrets, and without contacts' addresses. */
export function redactSecrets(text: string): string {
  return withoutContactAddresses(TEXT_RULES.reduce((redacted, [pattern, replace]) => redacted.replace(pattern, replace), text));
}

/**
 * A copy of a logged value with its secrets redacted: strings by the text rules, plain objects and
 * arrays member by member (secret-named keys lose their values), errors with their message and stack;
 * anything else (Map, URL, Headers, class instances) as its inspected text, redacted.
 */
export function redactValue(value: unknown): unknown {
  return redact(value, new WeakSet());
}

/** The electron-log hook: every transport writes the redacted copy. */
export function redactLogMessage<Message extends { data: unknown[] }>(message: Message): Message {
  return { ...message, data: message.data.map(redactValue) };
}

function redact(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item: unknown) => redact(item, seen));
  if (value instanceof Error) return redactError(value, seen);
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return redactSecrets(inspect(value, { depth: 4 }));
  return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, isSecretKey(key) ? REDACTED : redact(member, seen)]));
}

function redactError(error: Error, seen: WeakSet<object>): Error {
  // A real Error (util.inspect prints its stack) of the same class (instanceof still holds).
  const copy = Object.setPrototypeOf(new Error(), Object.getPrototypeOf(error) as object) as Error;
  for (const key of Object.getOwnPropertyNames(error)) {
    const descriptor = Object.getOwnPropertyDescriptor(error, key);
    const member: unknown = descriptor?.value;
    Object.defineProperty(copy, key, {
      value: isSecretKey(key) ? REDACTED : redact(member, seen),
      enumerable: descriptor?.enumerable ?? false,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase().replace(/[-_]/g, ''));
}

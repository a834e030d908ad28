import * as z from '../../preload/shared/zod/zod.js';
import { HttpError, MalformedError, UcwaError } from './errors.js';
import type { UcwaHttp } from './http.js';
import { parseWith } from './resources.js';

export type OAuthChallenge = { href: string; grantTypes: string[] };

/**
 * Finds the `MsRtcOAuth` challenge in a WWW-Authenticate header. Fetch joins repeated headers with ", ",
 * and the documentation shows `href` both quoted and bare, so parameters are read tolerantly.
 */
export function parseMsRtcOAuthChallenge(header: string | undefined): OAuthChallenge | undefined {
  if (!header) return undefined;
  const start = header.search(/MsRtcOAuth\s/i);
  if (start < 0) return undefined;
  const params = header.slice(start).replace(/^MsRtcOAuth\s+/i, '');
  const href = readParam(params, 'href');
  const grantType = readParam(params, 'grant_type');
  if (!href) return undefined;
  return {
    href,
    grantTypes: (grantType ?? '')
      .split(',')
      .map((g) => g.trim())
      .filter(Boolean),
  };
}

function readParam(params: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|[\\s,])${name}\\s*=\\s*(?:"([^"]*)"|([^\\s"]*))`, 'i').exec(params);
  if (!match) return undefined;
  if (match[1] !== undefined) return match[1];
  // A bare value runs until the next `name=` parameter; commas inside it separate grant types.
  return (match[2] ?? '').replace(/,\s*[\w-]+\s*=.*$/, '').replace(/,+$/, '');
}

export type Token = { tokenType: string; accessToken: string; expiresAt: number };

const tokenSchema = z.looseObject({
  access_token: z
    .string()
    .min(1)
    .max(16 * 1024),
  token_type: z.string().max(32).optional(),
  expires_in: z.number().positive().optional(),
});

export type PasswordGrant = { grant: 'password'; username: string; password: string };
/**
 * Integrated Windows authentication: the form carries no credentials; the HTTP stack answers the token
 * service's Negotiate/NTLM challenge (in the app, Chromium's, through Electron's `net.fetch`).
 */
export type WindowsGrant = { grant: 'windows' };
/** Anonymous meeting join: a token good for one meeting only, for one hour. */
export type AnonymousMeetingGrant = { grant: 'anonymousMeeting'; meetingUri: string; conferenceKey: string; displayName: string };
export type Grant = PasswordGrant | WindowsGrant | AnonymousMeetingGrant;

/** The `grant_type` each grant is offered under in the MsRtcOAuth challenge. */
export const GRANT_TYPES: Record<Grant['grant'], string> = {
  password: 'password',
  windows: 'urn:microsoft.rtc:windows',
  anonymousMeeting: 'urn:microsoft.rtc:anonmeeting',
};

function tokenForm(grant: Grant, previous: string | undefined): Record<string, string> {
  switch (grant.grant) {
    case 'password':
      return { grant_type: GRANT_TYPES.password, username: grant.username, password: grant.password };
    case 'windows':
      return { grant_type: GRANT_TYPES.windows };
    case 'anonymousMeeting':
      return {
        grant_type: GRANT_TYPES.anonymousMeeting,
        password: grant.conferenceKey,
        ms_rtc_conferenceuri: grant.meetingUri,
        ...(previous !== undefined && { ms_rtc_renew: previous }),
      };
  }
}

/** Requests a token; `previous` renews an anonymous guest's (`ms_rtc_renew`); other grants just repeat. */
export async function requestToken(http: UcwaHttp, tokenUrl: URL, grant: Grant, previous?: string, now = Date.now()): Promise<Token> {
  let json: unknown;
  try {
    json = (await http.post(tokenUrl, { authenticate: false, body: { form: tokenForm(grant, previous) } })).json;
  } catch (error) {
    // 400 invalid_grant and friends; 401 when the Windows account was not accepted.
    if (error instanceof HttpError && (error.status === 400 || error.status === 401)) throw new SignInRefusedError(error, grant.grant);
    throw error;
  }
  const token = parseWith(tokenSchema, json, 'oauthtoken');
  if (!token.access_token.startsWith('cwt=')) throw new MalformedError('oauthtoken.access_token', 'not a cwt= token');
  return {
    tokenType: token.token_type ?? 'Bearer',
    accessToken: token.access_token,
    expiresAt: now + (token.expires_in ?? 3600) * 1000,
  };
}

/** The token service turned the grant down (400 invalid_grant and friends, 401 for Windows sign-in). */
export class SignInRefusedError extends HttpError {
  override name = 'SignInRefusedError';
  constructor(
    cause: HttpError,
    readonly grant: Grant['grant'],
  ) {
    super(cause.status, cause.url, cause.code, cause.subcode);
  }
}

/** The server's challenge does not offer the grant this sign-in needs. */
export class GrantNotOfferedError extends UcwaError {
  override name = 'GrantNotOfferedError';
  constructor(
    readonly grant: Grant['grant'],
    readonly offered: readonly string[],
  ) {
    super(`The server does not offer ${GRANT_TYPES[grant]} sign-in (it offers ${offered.join(', ') || 'nothing'})`);
  }
}

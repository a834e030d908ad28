import { z } from 'zod';
import { HttpError, MalformedError } from './errors.js';
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
  return { href, grantTypes: (grantType ?? '').split(',').map((g) => g.trim()).filter(Boolean) };
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
  access_token: z.string().min(1).max(16 * 1024),
  token_type: z.string().max(32).optional(),
  expires_in: z.number().positive().optional(),
});

export type PasswordGrant = { grant: 'password'; username: string; password: string };

export async function requestToken(http: UcwaHttp, tokenUrl: URL, grant: PasswordGrant, now = Date.now()): Promise<Token> {
  let json: unknown;
  try {
    json = (
      await http.post(tokenUrl, {
        authenticate: false,
        body: { form: { grant_type: 'password', username: grant.username, password: grant.password } },
      })
    ).json;
  } catch (error) {
    if (error instanceof HttpError && error.status === 400) throw new SignInRefusedError(error);
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

/** The token service turned the credentials down (400 invalid_grant and friends). */
export class SignInRefusedError extends HttpError {
  override name = 'SignInRefusedError';
  constructor(cause: HttpError) {
    super(cause.status, cause.url, cause.code, cause.subcode);
  }
}

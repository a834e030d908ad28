// The local service's OAuth token service and the bearer tokens it issued (UCWA: MsRtcOAuth, the
// password, Windows and anonymous meeting grants, renewal of a guest's token).
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from './serviceHttp.js';

export type GrantType = 'password' | 'urn:microsoft.rtc:windows' | 'urn:microsoft.rtc:anonmeeting';

/** Who a token speaks for: the user, or one anonymous guest of one meeting. */
export type TokenScope = { guest?: { id: string; meetingUri: string } };
type IssuedToken = TokenScope & { expired: boolean };

export type TokenServiceOptions = {
  credentials: { username: string; password: string };
  /** What the OS would hand Chromium for Negotiate. */
  windowsTicket: string;
  /** The grant types the 401 challenge offers; default all three. */
  grantTypes?: readonly GrantType[];
  /** Whether an anonymous guest with this conference key may have a token for the meeting. */
  meetingOpensTo(meetingUri: string, conferenceKey: string): boolean;
  origin(): string;
};

export class TokenService {
  readonly #tokens = new Map<string, IssuedToken>();
  readonly #issued: string[] = [];

  constructor(private readonly options: TokenServiceOptions) {}

  /** The grant behind every token issued so far, in order (`anonmeeting renewal` for ms_rtc_renew). */
  issued(): string[] {
    return [...this.#issued];
  }

  /** Every issued token reaches its expiry: the next request gets 401 (a guest may still renew with it). */
  expireAll(): void {
    for (const token of this.#tokens.values()) token.expired = true;
  }

  /** The token service (POST /WebTicket/oauthtoken): password, Windows and anonymous meeting grants. */
  async issue(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const form = new URLSearchParams((await readBody(request)).toString('utf8'));
    const grantType = form.get('grant_type');
    if (!this.#grantTypes.some((offered) => offered === grantType)) return sendJson(response, 400, { error: 'unsupported_grant_type' });
    if (grantType === 'password') {
      const valid = sameSecret(form.get('username'), this.options.credentials.username) && sameSecret(form.get('password'), this.options.credentials.password);
      return valid ? this.#sendToken(response, {}, 28_800, 'password') : sendJson(response, 400, { error: 'invalid_grant' });
    }
    if (grantType === 'urn:microsoft.rtc:windows') {
      // The token service is itself behind Negotiate/NTLM: the HTTP stack must answer that challenge.
      if (!sameSecret(request.headers.authorization, `Negotiate ${this.options.windowsTicket}`)) {
        response.setHeader('WWW-Authenticate', ['Negotiate', 'NTLM']);
        return sendJson(response, 401, { error: 'invalid_grant' });
      }
      return this.#sendToken(response, {}, 28_800, 'windows');
    }
    if (grantType === 'urn:microsoft.rtc:anonmeeting') {
      const meetingUri = form.get('ms_rtc_conferenceuri') ?? '';
      const renewing = form.get('ms_rtc_renew');
      if (renewing !== null) {
        // A renewal keeps the guest's identity and retires the old token, expired or not.
        const guest = this.#tokens.get(renewing)?.guest;
        if (guest?.meetingUri !== meetingUri) return sendJson(response, 400, { error: 'invalid_grant' });
        this.#tokens.delete(renewing);
        return this.#sendToken(response, { guest }, 3600, 'anonmeeting renewal');
      }
      if (!this.options.meetingOpensTo(meetingUri, form.get('password') ?? '')) return sendJson(response, 400, { error: 'invalid_grant' });
      return this.#sendToken(response, { guest: { id: randomUUID(), meetingUri } }, 3600, 'anonmeeting');
    }
    sendJson(response, 400, { error: 'unsupported_grant_type' });
  }

  get #grantTypes(): readonly GrantType[] {
    return this.options.grantTypes ?? ['urn:microsoft.rtc:windows', 'urn:microsoft.rtc:anonmeeting', 'password'];
  }

  #sendToken(response: ServerResponse, scope: TokenScope, expiresIn: number, grant: string): void {
    this.#issued.push(grant);
    const token = `cwt=${randomBytes(32).toString('base64url')}`;
    this.#tokens.set(token, { ...scope, expired: false });
    sendJson(response, 200, { access_token: token, expires_in: expiresIn, ms_rtc_identityscope: 'local', token_type: 'Bearer' });
  }

  /** Whom the request's bearer token speaks for; undefined without a valid one. */
  authorised(request: IncomingMessage): TokenScope | undefined {
    const match = /^Bearer (cwt=\S+)$/.exec(request.headers.authorization ?? '');
    const token = match?.[1] === undefined ? undefined : this.#tokens.get(match[1]);
    return token?.expired === false ? token : undefined;
  }

  /** The 401 that sends the client to the token service. */
  challenge(response: ServerResponse): void {
    response.setHeader('WWW-Authenticate', [
      'Bearer trusted_issuers="", client_id="00000004-0000-0ff1-ce00-000000000000"',
      `MsRtcOAuth href="${this.options.origin()}/WebTicket/oauthtoken",grant_type="${this.#grantTypes.join(',')}"`,
    ]);
    sendJson(response, 401, { code: 'Unauthorized', message: 'A bearer token is required.' });
  }
}

/** Compares a secret in constant time: the digests have one length whatever was sent. */
function sameSecret(sent: string | null | undefined, secret: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return sent !== null && sent !== undefined && timingSafeEqual(digest(sent), digest(secret));
}

import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SignInRefusedError } from '../../main/ucwa/auth.js';
import { ForeignHrefError } from '../../main/ucwa/errors.js';
import { UcwaHttp } from '../../main/ucwa/http.js';
import { signIn } from '../../main/ucwa/signIn.js';
import { startService } from '../support/localServer.js';
import type { LocalUcwaService } from '../../main/local/service.js';

describe('sign-in against the local UCWA service', () => {
  let service: LocalUcwaService | undefined;
  afterEach(async () => service?.stop());

  it('follows root → user → 401 MsRtcOAuth → token → applications', async () => {
    const started = await startService();
    service = started.service;
    const http = new UcwaHttp(fetch, 'test');
    const signedIn = await signIn(http, started.rootUrl, { grant: 'password', ...service.credentials });
    expect(signedIn.token.accessToken).toMatch(/^cwt=/);
    expect(signedIn.token.expiresAt).toBeGreaterThan(Date.now() + 7 * 3600_000);
    expect(signedIn.applicationsUrl.pathname).toBe('/ucwa/oauth/v1/applications');
  });

  it('reports refused credentials as SignInRefusedError', async () => {
    const started = await startService();
    service = started.service;
    const http = new UcwaHttp(fetch, 'test');
    await expect(signIn(http, started.rootUrl, { grant: 'password', username: service.credentials.username, password: 'wrong' })).rejects.toBeInstanceOf(
      SignInRefusedError,
    );
  });
});

describe('origin pinning', () => {
  it('refuses an href to another origin before any request, so the token never leaves', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const other = createServer((request, response) => {
      seen.push(request.headers);
      response.end('{}');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.2', resolve));
    const otherUrl = `http://127.0.0.2:${(other.address() as AddressInfo).port}/ucwa/oauth/v1/applications/1`;
    try {
      const http = new UcwaHttp(fetch, 'test');
      http.allowOrigin(new URL('http://127.0.0.1:9/'));
      http.setToken('Bearer', 'cwt=secret');
      expect(() => http.resolve(otherUrl, new URL('http://127.0.0.1:9/'))).toThrowError(ForeignHrefError);
      await expect(http.get(new URL(otherUrl))).rejects.toBeInstanceOf(ForeignHrefError);
      expect(() => http.resolve('javascript:alert(1)', new URL('http://127.0.0.1:9/'))).toThrowError(ForeignHrefError);
      expect(() => http.allowOrigin(new URL('http://example.com/'))).toThrowError(ForeignHrefError);
      expect(seen).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });
});

describe('hrefs no URL parser takes', () => {
  /** Signs in against a loopback server that answers `/root` and `/user` as given. */
  async function signInAgainst(answers: Record<string, (response: ServerResponse) => void>) {
    const server = createServer((request, response) => answers[request.url ?? '']?.(response) ?? response.writeHead(404).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const rootUrl = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/root`);
    try {
      return await signIn(new UcwaHttp(fetch, 'test'), rootUrl, { grant: 'password', username: 'ada@contoso.com', password: 'secret' }).catch(
        (error: unknown) => error,
      );
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
  const json = (body: unknown) => (response: ServerResponse) => response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));

  it('refuses a root whose user link is not a URL with a ForeignHrefError, not a TypeError', async () => {
    const error = await signInAgainst({ '/root': json({ _links: { user: { href: 'http://[not-a-host/user' } } }) });
    expect(error).toEqual(new ForeignHrefError('http://[not-a-host/user', 'not a valid URL'));
  });

  it('refuses a challenge whose token href is not a URL with a ForeignHrefError, not a TypeError', async () => {
    const error = await signInAgainst({
      '/root': json({ _links: { user: { href: '/user' } } }),
      '/user': (response) => response.writeHead(401, { 'WWW-Authenticate': 'MsRtcOAuth href="https://[::1/token",grant_type="password"' }).end(),
    });
    expect(error).toEqual(new ForeignHrefError('https://[::1/token', 'not a valid URL'));
  });
});

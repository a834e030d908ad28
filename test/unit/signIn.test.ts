import { createServer, type IncomingHttpHeaders } from 'node:http';
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

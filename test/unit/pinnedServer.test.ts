// A server the administrator pinned by its autodiscover root (server.rootUrl) signs in as autodiscovery does:
// the root on lyncdiscover.<domain> may send the person on to a pool in <domain>, and nowhere else. Named
// HTTPS hosts on loopback (TlsHosts) stand in front of the local service as a reverse proxy would, each
// reply's links pointing at the pool host the test names.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../main/core/core.js';
import type { LocalUcwaService } from '../../main/local/service.js';
import { MemoryCredentialStore } from '../support/credentials.js';
import { forward } from '../support/forward.js';
import { startService } from '../support/localServer.js';
import { TlsHosts } from '../support/tlsHosts.js';

const HOSTS = ['lyncdiscover.contoso.test', 'pool.contoso.test', 'pool.fabrikam.test'];
const cacheDir = mkdtempSync(join(tmpdir(), 'softphone-pinned-'));
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** The local service behind the named hosts: every link it hands out leads to `pool`. Records which hosts were asked. */
async function behindNamedHosts(service: LocalUcwaService, pool: string) {
  const asked: string[] = [];
  const hosts = new TlsHosts(HOSTS, (request, response, origin) => {
    asked.push(request.headers.host?.split(':')[0] ?? '');
    const rewrite = (text: string) => text.replaceAll(service.origin, origin(pool));
    forward(request, service.origin, rewrite).then(
      (reply) => response.writeHead(reply.status, reply.headers).end(rewrite(reply.body.toString('utf8'))),
      () => response.destroy(),
    );
  });
  await hosts.start();
  cleanup.push(() => hosts.stop());
  return { hosts, asked, rootUrl: new URL(`${hosts.origin('lyncdiscover.contoso.test')}${service.rootUrl.pathname}`) };
}

async function signInThrough(pool: string) {
  const { service } = await startService();
  cleanup.push(() => service.stop());
  const { hosts, asked, rootUrl } = await behindNamedHosts(service, pool);
  const core = await Core.start({
    endpointId: '4b1e6f0c-2d3a-4c5b-9e8f-7a6b5c4d3e2f',
    userAgent: 'softphone-test',
    fetch: hosts.fetch(),
    configured: { location: { rootUrl }, method: 'password', discoveryCacheFile: join(cacheDir, `${pool}.json`), credentials: new MemoryCredentialStore() },
  });
  cleanup.push(() => core.stop());
  await core.signIn({ address: 'ada@contoso.test', username: service.credentials.username, password: service.credentials.password, remember: false });
  return { core, asked };
}

describe('a pinned autodiscover root', () => {
  it('on lyncdiscover.<domain> signs in through a pool in <domain>', async () => {
    const { core, asked } = await signInThrough('pool.contoso.test');
    expect(core.snapshot().account).toMatchObject({ state: 'signedIn' });
    expect(new Set(asked)).toEqual(new Set(['lyncdiscover.contoso.test', 'pool.contoso.test']));
  });

  it('refuses a user link into another domain: nothing, the password least of all, goes there', async () => {
    const { core, asked } = await signInThrough('pool.fabrikam.test');
    expect(core.snapshot().account).toMatchObject({ state: 'failed', problem: 'The sign-in failed: the server’s answer could not be read.' });
    expect(asked).toEqual(['lyncdiscover.contoso.test']);
  });
});

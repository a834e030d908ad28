// Signing in to a server the administrator configured, as the person does: a sign-in form, a remembered
// sign-in at the next start, and sign-out. The embedded local service stands in for the server.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Core, type ConfiguredServer } from '../../main/core/core.js';
import { MemoryCredentialStore } from '../support/credentials.js';
import { eventually, startService } from '../support/localServer.js';

const cacheDir = mkdtempSync(join(tmpdir(), 'softphone-configured-'));
const cleanup: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function localServer() {
  const started = await startService();
  cleanup.push(() => started.service.stop());
  return started;
}

async function start(configured: ConfiguredServer): Promise<Core> {
  const core = await Core.start({ endpointId: '7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a', userAgent: 'softphone-test', configured });
  cleanup.push(() => core.stop());
  return core;
}

describe('signing in to a configured server', () => {
  it('waits for the person, refuses a wrong password, remembers a right one, signs in by itself next time and signs out', async () => {
    const { service, rootUrl } = await localServer();
    const credentials = new MemoryCredentialStore();
    const configured: ConfiguredServer = { location: { rootUrl }, method: 'password', discoveryCacheFile: join(cacheDir, 'a.json'), credentials };
    const core = await start(configured);
    expect(core.snapshot().account).toEqual({ state: 'signedOut', server: 'remote', signIn: { method: 'password', canRemember: true } });

    await core.signIn({ address: 'sip:you@softphone.local', username: service.credentials.username, password: 'not it', remember: true });
    expect(core.snapshot().account).toMatchObject({
      state: 'failed',
      problem: 'The user name or password was not accepted.',
      signIn: { address: 'you@softphone.local' },
    });
    expect(credentials.stored).toBeUndefined();

    await core.signIn({ address: 'you@softphone.local', username: service.credentials.username, password: service.credentials.password, remember: true });
    expect(core.snapshot().account).toMatchObject({ state: 'signedIn', user: service.user.uri });
    expect(core.snapshot().account.problem).toBeUndefined();
    expect(credentials.stored).toEqual({ address: 'you@softphone.local', username: service.credentials.username, password: service.credentials.password });
    await expect(core.signIn({ address: 'you@softphone.local', password: 'x', remember: false })).rejects.toThrow('Already signed in');

    // The remembered sign-in goes on in the background: the app is up at once.
    const again = await start(configured);
    expect(again.snapshot().account.state).toBe('signingIn');
    await expect(again.signOut()).rejects.toThrow('Signing in: sign out once it is done');
    await eventually('the remembered sign-in', () => again.snapshot().account.state === 'signedIn');
    expect(service.availableModalities()).toHaveLength(2);

    await again.signOut();
    expect(again.snapshot().account).toEqual({
      state: 'signedOut',
      server: 'remote',
      signIn: { method: 'password', canRemember: true, address: 'you@softphone.local' },
    });
    expect(credentials.stored).toBeUndefined();
    expect(service.availableModalities()).toHaveLength(1);
  });

  it('a remembered sign-in the server refuses is forgotten, not tried again', async () => {
    const { service, rootUrl } = await localServer();
    const credentials = new MemoryCredentialStore();
    credentials.save({ address: 'you@softphone.local', username: service.credentials.username, password: 'an old password' });
    const core = await start({ location: { rootUrl }, method: 'password', discoveryCacheFile: join(cacheDir, 'd.json'), credentials });
    await eventually('the refusal', () => core.snapshot().account.state === 'failed');
    expect(core.snapshot().account.problem).toBe('The user name or password was not accepted.');
    await eventually('the forgotten sign-in', () => credentials.stored === undefined);
  });

  it('the password grant uses the address as user name when none is given; without a keychain nothing is remembered', async () => {
    const { service, rootUrl } = await localServer();
    const credentials = new MemoryCredentialStore(false);
    const core = await start({ location: { rootUrl }, method: 'password', discoveryCacheFile: join(cacheDir, 'b.json'), credentials });
    await core.signIn({ address: service.credentials.username, password: service.credentials.password, remember: true });
    expect(core.snapshot().account).toMatchObject({ state: 'signedIn', signIn: { canRemember: false } });
    expect(credentials.stored).toBeUndefined();
  });

  it('discovers the server from the administrator’s domain', async () => {
    const { service } = await localServer();
    const domains: string[] = [];
    const core = await start({
      location: { sipDomain: 'softphone.local' },
      method: 'password',
      discoveryCacheFile: join(cacheDir, 'c.json'),
      // The local service on 127.0.0.1 stands in for lyncdiscover.softphone.local.
      discovery: { extraDomains: ['127.0.0.1'], candidates: (domain) => (domains.push(domain), [service.rootUrl]) },
      credentials: new MemoryCredentialStore(),
    });
    await core.signIn({ address: 'ada@contoso.com', username: service.credentials.username, password: service.credentials.password, remember: false });
    expect(domains).toEqual(['softphone.local']);
    expect(core.snapshot().account.state).toBe('signedIn');
  });
});

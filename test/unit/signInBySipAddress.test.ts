import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalUcwaService } from '../../main/local/service.js';
import { Core } from '../../main/core/core.js';

const cacheDir = mkdtempSync(join(tmpdir(), 'softphone-discovery-'));
const cleanup: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function startLocal(): Promise<LocalUcwaService> {
  const service = new LocalUcwaService({ maxHoldSeconds: 2 });
  await service.start();
  cleanup.push(() => service.stop());
  return service;
}

describe('signing in from a SIP address', () => {
  it('discovers once, reuses the cached root, and rediscovers when the cached root stops answering', async () => {
    const cacheFile = join(cacheDir, 'discovery.json');
    let service = await startLocal();
    const discoveries: string[] = [];
    const start = async () => {
      const core = await Core.start({
        endpointId: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
        userAgent: 'softphone-test',
        server: {
          sipAddress: 'you@softphone.local',
          credentials: { grant: 'password', ...service.credentials },
          discoveryCacheFile: cacheFile,
          // The local service on 127.0.0.1 stands in for lyncdiscover.softphone.local.
          discovery: {
            extraDomains: ['127.0.0.1'],
            candidates: (domain) => {
              discoveries.push(domain);
              return [service.rootUrl];
            },
          },
        },
      });
      cleanup.push(() => core.stop());
      return core;
    };

    expect((await start()).snapshot().account).toMatchObject({ state: 'signedIn', user: 'sip:you@softphone.local' });
    expect(discoveries).toEqual(['softphone.local']);
    expect((await start()).snapshot().account.state).toBe('signedIn');
    expect(discoveries).toEqual(['softphone.local']);

    // The server moves: the cached root refuses connections, so it is forgotten and discovered again.
    const moved = service.rootUrl.href;
    for (const step of cleanup.splice(0).reverse()) await step();
    service = await startLocal();
    expect((await start()).snapshot().account.state).toBe('signedIn');
    expect(discoveries).toEqual(['softphone.local', 'softphone.local']);
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, { rootUrl: string }>;
    expect(cached['softphone.local']?.rootUrl).toBe(service.rootUrl.href);
    expect(cached['softphone.local']?.rootUrl).not.toBe(moved);
  });

  it('an address that is not user@domain fails sign-in with a message, not a crash', async () => {
    const core = await Core.start({
      endpointId: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e70',
      userAgent: 'softphone-test',
      server: { sipAddress: 'not an address', credentials: { grant: 'windows' }, discoveryCacheFile: join(cacheDir, 'unused.json') },
    });
    cleanup.push(() => core.stop());
    expect(core.snapshot().account).toMatchObject({ state: 'failed', problem: 'That sign-in address is not in the form name@domain.' });
  });
});

process.on('exit', () => rmSync(cacheDir, { recursive: true, force: true }));

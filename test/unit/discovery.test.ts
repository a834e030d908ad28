import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discover, DiscoveryError, domainOf } from '../../main/ucwa/discovery.js';
import { DiscoveryCache } from '../../main/ucwa/discoveryCache.js';
import { HttpError, MalformedError, NetworkError } from '../../main/ucwa/errors.js';
import { withDiscoveredRoot } from '../../main/ucwa/locate.js';
import { json, TlsHosts, type HostHandler } from '../support/tlsHosts.js';

const HOSTS = ['lyncdiscoverinternal.contoso.test', 'lyncdiscover.contoso.test', 'lyncweb.contoso.test', 'pool2.contoso.test', 'evil.test'];
const ROOT = '/autodiscover/autodiscoverservice.svc/root';

describe('autodiscovery', () => {
  let hosts: TlsHosts | undefined;
  afterEach(async () => hosts?.stop());

  async function serve(handler: HostHandler, names = HOSTS) {
    hosts = new TlsHosts(names, handler);
    await hosts.start();
    const port = hosts.origin('x').split(':').pop();
    return {
      fetch: hosts.fetch(),
      userAgent: 'test',
      candidates: (domain: string) => [
        new URL(`https://lyncdiscoverinternal.${domain}:${port}${ROOT}`),
        new URL(`https://lyncdiscover.${domain}:${port}${ROOT}`),
      ],
    };
  }

  it('reads the domain of a SIP address and refuses what is not one', () => {
    expect(domainOf('sip:Ada@Contoso.COM')).toBe('contoso.com');
    expect(domainOf('ada@contoso.com')).toBe('contoso.com');
    for (const bad of ['ada', 'sip:ada@', 'ada@localhost', 'ada@contoso.com/../x', 'ada@@x.com']) {
      expect(() => domainOf(bad)).toThrowError(MalformedError);
    }
  });

  it('tries the internal host first and returns its user link', async () => {
    const options = await serve((request, response, origin) => {
      expect(request.headers.authorization).toBeUndefined();
      json(response, 200, { _links: { self: { href: request.url }, user: { href: `${origin('lyncweb.contoso.test')}${ROOT}/oauth/user` } } });
    });
    const found = await discover('sip:ada@contoso.test', options);
    expect(found.rootUrl.hostname).toBe('lyncdiscoverinternal.contoso.test');
    expect(found.userUrl.hostname).toBe('lyncweb.contoso.test');
  });

  it('falls back to the external host when the internal one does not resolve or fails', async () => {
    const options = await serve(
      (_, response, origin) => {
        json(response, 200, { _links: { user: { href: `${origin('lyncweb.contoso.test')}${ROOT}/oauth/user` } } });
      },
      HOSTS.filter((h) => !h.startsWith('lyncdiscoverinternal')),
    );
    const found = await discover('ada@contoso.test', options);
    expect(found.rootUrl.hostname).toBe('lyncdiscover.contoso.test');
    expect(found.trail.map((u) => new URL(u).hostname)).toEqual(['lyncdiscoverinternal.contoso.test', 'lyncdiscover.contoso.test']);
  });

  it('follows root redirects within the domain', async () => {
    const options = await serve((request, response, origin) => {
      const host = request.headers.host?.split(':')[0];
      if (host === 'pool2.contoso.test') {
        return json(response, 200, { _links: { user: { href: `${origin('pool2.contoso.test')}${ROOT}/oauth/user` } } });
      }
      json(response, 200, { _links: { redirect: { href: `${origin('pool2.contoso.test')}${ROOT}` } } });
    });
    const found = await discover('ada@contoso.test', options);
    expect(found.rootUrl.hostname).toBe('pool2.contoso.test');
    expect(found.trail).toHaveLength(2);
  });

  it('refuses a redirect out of the domain, one that is no URL and a redirect loop', async () => {
    const outside = await serve((_, response, origin) => json(response, 200, { _links: { redirect: { href: `${origin('evil.test')}${ROOT}` } } }));
    await expect(discover('ada@contoso.test', outside)).rejects.toThrowError(/leaves the allowed domains/);
    await hosts?.stop();

    const noUrl = await serve((_, response) => json(response, 200, { _links: { redirect: { href: 'https://[contoso.test/root' } } }));
    await expect(discover('ada@contoso.test', noUrl)).rejects.toThrowError(/"https:\/\/\[contoso.test\/root": not a valid URL/);
    await hosts?.stop();

    const loop = await serve((request, response, origin) =>
      json(response, 200, { _links: { redirect: { href: `${origin(request.headers.host!.split(':')[0]!)}${ROOT}` } } }),
    );
    const error = await discover('ada@contoso.test', loop).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscoveryError);
    expect((error as DiscoveryError).message).toMatch(/More than 5 redirects/);
  });
});

describe('discovery cache', () => {
  let hosts: TlsHosts | undefined;
  let dir: string;
  afterEach(async () => {
    await hosts?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('discovers once, reuses the cached root, and rediscovers after a 502 or repeated connection errors', async () => {
    dir = mkdtempSync(join(tmpdir(), 'softphone-cache-'));
    let rootRequests = 0;
    hosts = new TlsHosts(HOSTS, (_, response, origin) => {
      rootRequests++;
      json(response, 200, { _links: { user: { href: `${origin('lyncweb.contoso.test')}${ROOT}/oauth/user` } } });
    });
    await hosts.start();
    const port = hosts.origin('x').split(':').pop();
    const options = {
      fetch: hosts.fetch(),
      userAgent: 'test',
      candidates: (domain: string) => [new URL(`https://lyncdiscoverinternal.${domain}:${port}${ROOT}`)],
    };
    const cache = new DiscoveryCache(join(dir, 'discovery.json'));
    const connected: string[] = [];
    const ok = async (root: URL) => connected.push(root.hostname);

    await withDiscoveredRoot('contoso.test', cache, options, ok);
    await withDiscoveredRoot('contoso.test', cache, options, ok);
    expect(rootRequests).toBe(1);
    expect(cache.get('contoso.test')?.hostname).toBe('lyncdiscoverinternal.contoso.test');

    let failures = 0;
    await withDiscoveredRoot('contoso.test', cache, options, async (root) => {
      if (failures++ === 0) throw new HttpError(502, root.href);
      connected.push(root.hostname);
    });
    expect(rootRequests).toBe(2);

    failures = 0;
    await withDiscoveredRoot('contoso.test', cache, options, async (root) => {
      if (failures++ < 3) throw new NetworkError(root.href, new Error('ECONNREFUSED'));
      connected.push(root.hostname);
    });
    expect(failures).toBe(4);
    expect(rootRequests).toBe(3);

    await expect(
      withDiscoveredRoot('contoso.test', cache, options, async (root) => {
        throw new HttpError(400, root.href);
      }),
    ).rejects.toBeInstanceOf(HttpError);
    expect(rootRequests).toBe(3);
    expect(connected).toHaveLength(4);

    // An entry that points outside the user's domains was not written by discovery: discovered again.
    cache.set('contoso.test', new URL('https://lyncdiscover.evil.test/'));
    await withDiscoveredRoot('contoso.test', cache, options, ok);
    expect(rootRequests).toBe(4);
    expect(connected.at(-1)).toBe('lyncdiscoverinternal.contoso.test');
  });

  it('treats a corrupt cache file as empty', () => {
    dir = mkdtempSync(join(tmpdir(), 'softphone-cache-'));
    const file = join(dir, 'discovery.json');
    writeFileSync(file, '{"contoso.test": {"rootUrl": "javascript:alert(1)"');
    expect(new DiscoveryCache(file).get('contoso.test')).toBeUndefined();
    writeFileSync(file, JSON.stringify({ 'contoso.test': { rootUrl: 'http://evil.test/', discoveredAt: 1 } }));
    expect(new DiscoveryCache(file).get('contoso.test')).toBeUndefined();
  });
});

import { discoverDomain, isWithinDomains, ONLINE_DOMAINS, type DiscoveryOptions } from './discovery.js';
import type { DiscoveryCache } from './discoveryCache.js';
import { HttpError, NetworkError, UcwaError } from './errors.js';

/** Connection errors in a row before a cached root is treated as stale. */
const CONNECTION_ERRORS_BEFORE_REDISCOVERY = 3;

/**
 * Runs `connect` against the cached root for the domain, discovering it first if needed. A cached
 * root that answers 403 or 502, or that cannot be reached several times running, is forgotten and
 * discovered again, once.
 */
export async function withDiscoveredRoot<T>(
  domain: string,
  cache: DiscoveryCache,
  options: DiscoveryOptions,
  connect: (rootUrl: URL) => Promise<T>,
): Promise<T> {
  const allowed = [domain, ...(options.extraDomains ?? ONLINE_DOMAINS)];
  let cached = cache.get(domain);
  // A cache entry outside the user's domains was not written by discovery: it is not trusted.
  if (cached && !isWithinDomains(cached.hostname, allowed)) {
    cache.forget(domain);
    cached = undefined;
  }
  if (cached) {
    let connectionErrors = 0;
    for (;;) {
      try {
        return await connect(cached);
      } catch (error) {
        if (!(error instanceof UcwaError)) throw error;
        const stale = error instanceof HttpError && (error.status === 403 || error.status === 502);
        if (error instanceof NetworkError && ++connectionErrors < CONNECTION_ERRORS_BEFORE_REDISCOVERY) continue;
        if (!stale && !(error instanceof NetworkError)) throw error;
        cache.forget(domain);
        break;
      }
    }
  }
  const found = await discoverDomain(domain, options);
  cache.set(domain, found.rootUrl);
  return connect(found.rootUrl);
}

import { MalformedError, UcwaError } from './errors.js';
import { isAllowedScheme, UcwaHttp, type FetchLike } from './http.js';
import { linkedResourceSchema, parseWith, readLinks, resolveHref } from './resources.js';

/** Skype for Business Online's autodiscover and pool domains (SD:AuthenticationUsingAzureAD.md). */
export const ONLINE_DOMAINS = ['online.lync.com', 'infra.lync.com'];
const MAX_HOPS = 5;

export type Discovered = {
  /** The root that answered with a `user` link: where sign-in starts. */
  rootUrl: URL;
  userUrl: URL;
  domain: string;
  /** Every URL tried or followed, in order, for diagnostics. */
  trail: string[];
};

export type DiscoveryOptions = {
  fetch: FetchLike;
  userAgent: string;
  /** Domains besides the user's own that redirects may lead to. */
  extraDomains?: string[];
  /** The autodiscover roots to try for a domain (default: LyncDiscoverInternal, then LyncDiscover, HTTPS). */
  candidates?: (domain: string) => URL[];
};

export class DiscoveryError extends UcwaError {
  override name = 'DiscoveryError';
  constructor(
    message: string,
    readonly trail: string[],
  ) {
    super(message);
  }
}

export function domainOf(sipAddress: string): string {
  const match = /^(?:sip:)?[^@\s]+@([A-Za-z0-9.-]+)$/i.exec(sipAddress.trim());
  const domain = match?.[1]?.toLowerCase();
  if (!domain || !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain)) {
    throw new MalformedError('sip address', `${JSON.stringify(sipAddress)} is not user@domain`);
  }
  return domain;
}

export function defaultCandidates(domain: string): URL[] {
  return [new URL(`https://lyncdiscoverinternal.${domain}/`), new URL(`https://lyncdiscover.${domain}/`)];
}

/**
 * Autodiscovery from a SIP address: the internal host first, then the external one. A host fails on no
 * answer, an error status or a malformed body; `redirect` links are followed (at most five hops) only
 * into the user's domain or Skype for Business Online.
 */
export function discover(sipAddress: string, options: DiscoveryOptions): Promise<Discovered> {
  return discoverDomain(domainOf(sipAddress), options);
}

/** Autodiscovery for a domain: a user's, or the one an administrator set. */
export async function discoverDomain(domain: string, options: DiscoveryOptions): Promise<Discovered> {
  const allowed = [domain, ...(options.extraDomains ?? ONLINE_DOMAINS)];
  const trail: string[] = [];
  const failures: string[] = [];
  for (const candidate of (options.candidates ?? defaultCandidates)(domain)) {
    try {
      return { ...(await followRoot(candidate, allowed, options, trail)), domain, trail };
    } catch (error) {
      if (!(error instanceof UcwaError)) throw error;
      failures.push(`${candidate.host}: ${error.message}`);
    }
  }
  throw new DiscoveryError(`Autodiscovery for ${domain} failed (${failures.join('; ')})`, trail);
}

async function followRoot(start: URL, allowed: string[], options: DiscoveryOptions, trail: string[]) {
  let url = start;
  for (let hop = 0; hop <= MAX_HOPS; hop++) {
    trail.push(url.href);
    // A fresh client per hop: each hop may be a new origin, and no token is involved yet.
    const http = new UcwaHttp(options.fetch, options.userAgent);
    http.allowOrigin(url);
    const links = readLinks(parseWith(linkedResourceSchema, (await http.get(url, { authenticate: false })).json, 'root')._links);
    const user = links.get('user');
    if (user !== undefined) return { rootUrl: url, userUrl: withinDomains(resolveHref(user, url), allowed) };
    const redirect = links.get('redirect');
    if (redirect === undefined) throw new MalformedError('root._links', 'neither user nor redirect');
    url = withinDomains(resolveHref(redirect, url), allowed);
  }
  throw new DiscoveryError(`More than ${MAX_HOPS} redirects`, trail);
}

function withinDomains(url: URL, allowed: string[]): URL {
  if (!isAllowedScheme(url)) throw new DiscoveryError(`Redirect to ${url.protocol} refused`, [url.href]);
  if (!isWithinDomains(url.hostname, allowed)) {
    throw new DiscoveryError(`Redirect to ${url.hostname} leaves the allowed domains (${allowed.join(', ')})`, [url.href]);
  }
  return url;
}

/**
 * The domains sign-in may follow links into from an autodiscover root an administrator pinned, as
 * autodiscovery allows them for a domain: LyncDiscover.<domain> and LyncDiscoverInternal.<domain> serve
 * <domain> (the `user` link usually leads to a pool in it), another host serves itself; and Skype for
 * Business Online's.
 */
export function pinnedRootDomains(rootUrl: URL): string[] {
  const host = rootUrl.hostname.toLowerCase();
  const domain = /^lyncdiscover(?:internal)?\.([^.]+\..+)$/.exec(host)?.[1] ?? host;
  return [domain, ...ONLINE_DOMAINS];
}

/** Whether `host` is one of `domains` or a subdomain of one. */
export function isWithinDomains(host: string, domains: readonly string[]): boolean {
  const name = host.toLowerCase();
  return domains.some((domain) => name === domain || name.endsWith(`.${domain}`));
}

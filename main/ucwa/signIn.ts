import { GRANT_TYPES, GrantNotOfferedError, parseMsRtcOAuthChallenge, requestToken, type Grant, type Token } from './auth.js';
import { isWithinDomains } from './discovery.js';
import { ForeignHrefError, HttpError, MalformedError } from './errors.js';
import type { UcwaHttp } from './http.js';
import { linkedResourceSchema, parseWith, readLinks, resolveHref } from './resources.js';

export type SignedIn = { applicationsUrl: URL; tokenUrl: URL; token: Token };

/**
 * Root → `user` → 401 MsRtcOAuth challenge → token → `user` again → `applications`.
 * Each href comes from the previous response; none is built. A link to a new origin is followed only
 * inside `domains` (by default the root's own host), and that origin is then the only kind the token
 * may go to.
 */
export async function signIn(http: UcwaHttp, rootUrl: URL, credentials: Grant, domains: readonly string[] = [rootUrl.hostname]): Promise<SignedIn> {
  const trust = (href: string, base: URL): URL => {
    const url = resolveHref(href, base);
    if (!http.isAllowed(url)) {
      if (!isWithinDomains(url.hostname, domains)) throw new ForeignHrefError(href, `${url.hostname} is outside ${domains.join(', ')}`);
      http.allowOrigin(url);
    }
    return http.resolve(href, base);
  };
  http.allowOrigin(rootUrl);
  const root = await getLinks(http, rootUrl, 'root', false);
  const userUrl = trust(requiredLink(root, 'user', 'root'), rootUrl);

  const challenge = await challengeOf(http, userUrl);
  const tokenUrl = trust(challenge.href, userUrl);
  if (!challenge.grantTypes.includes(GRANT_TYPES[credentials.grant])) throw new GrantNotOfferedError(credentials.grant, challenge.grantTypes);
  const token = await requestToken(http, tokenUrl, credentials);
  http.setToken(token.tokenType, token.accessToken);

  const user = await getLinks(http, userUrl, 'user', true);
  return { applicationsUrl: trust(requiredLink(user, 'applications', 'user'), userUrl), tokenUrl, token };
}

async function challengeOf(http: UcwaHttp, userUrl: URL) {
  try {
    await http.get(userUrl, { authenticate: false });
  } catch (error) {
    if (error instanceof HttpError && error.status === 401) {
      const challenge = parseMsRtcOAuthChallenge(error.wwwAuthenticate);
      if (challenge) return challenge;
      throw new MalformedError('WWW-Authenticate', 'no MsRtcOAuth challenge in the 401');
    }
    throw error;
  }
  throw new MalformedError('user', 'the user resource answered without asking for a token');
}

async function getLinks(http: UcwaHttp, url: URL, what: string, authenticate: boolean) {
  const response = await http.get(url, { authenticate });
  return readLinks(parseWith(linkedResourceSchema, response.json, what)._links);
}

function requiredLink(links: ReadonlyMap<string, string>, rel: string, what: string): string {
  const href = links.get(rel);
  if (href === undefined) throw new MalformedError(`${what}._links.${rel}`, 'missing');
  return href;
}

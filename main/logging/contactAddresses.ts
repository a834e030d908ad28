// Contacts' addresses stay out of the logs and the diagnostics bundle: a server error names the resource it
// failed on by URL, and UCWA's URLs name people by SIP address or phone number (`people/sip:ada@contoso.com/
// presence`, `?fromUri=sip%3Aada%40contoso.com`). A URL keeps its host, the kind of each resource, the
// query's names and every id; a path segment or query value that names someone becomes HIDDEN. Outside
// URLs, sip:, sips: and tel: URIs keep only their scheme, and a bare address goes whole.

export const HIDDEN = '…';

const URLS = /\b(?:https?|wss?):\/\/[^\s"'<>]+|(?<![\w.~%/-])\/(?:ucwa|platformservice)\/[^\s"'<>]+/gi;
const URIS = /\b(sips?|tel)(:|%3A)[^\s"'<>,;)]+/gi;
/** user@domain with a domain that ends in letters, so that a package's name@1.2.3 is left alone. */
const ADDRESSES = /[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b/g;

export function withoutContactAddresses(text: string): string {
  return text
    .replace(URLS, reducedUrl)
    .replace(URIS, (_, scheme: string, colon: string) => `${scheme}${colon}${HIDDEN}`)
    .replace(ADDRESSES, HIDDEN);
}

/** A directory search's `query` (people/search) is what the person typed to find someone: part of a name or number. */
const SEARCHED = /([?&]query=)[^&#]*/gi;

/** The URL with each path segment and query value that names someone hidden; scheme and host as they were. */
function reducedUrl(url: string): string {
  const origin = /^[a-z]+:\/\/[^/?#]*/i.exec(url)?.[0] ?? '';
  const rest = url.slice(origin.length).replace(SEARCHED, `$1${HIDDEN}`);
  return origin + rest.replace(/[^/?#&=]+/g, (part) => (namesSomeone(part) ? HIDDEN : part));
}

/** A SIP address (with or without its scheme), a tel: URI or a phone number in international form. */
function namesSomeone(part: string): boolean {
  const text = decoded(part);
  return text.includes('@') || /^(?:sips?|tel):/i.test(text) || /^\+\d[\d ().-]{5,}$/.test(text);
}

function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

// GET people/search over the local directory (search_ref): the address book searched by name, email,
// SIP URI and phone number, at most `limit` contacts (1–100) with moreResultsAvailable, each an embedded
// `contact`. A missing query or one over 256 characters, or a limit out of range, is 400.
import type { DirectoryPerson } from './directory.js';
import { contact } from './contactResources.js';
import { ServiceError } from './serviceHttp.js';

const MAX_QUERY_LENGTH = 256;
const MAX_LIMIT = 100;
/** search_ref gives no default for `limit`; the server answers with as many as it may. */
const DEFAULT_LIMIT = MAX_LIMIT;
/** Fewer digits than this match too many numbers to mean one. */
const MIN_NUMBER_DIGITS = 3;

export type SearchParams = { query: string; limit: number };

/** The query and limit of a search URL, or 400 BadRequest/ParameterValidationFailure. */
export function searchParams(url: URL): SearchParams {
  const query = url.searchParams.get('query');
  const rawLimit = url.searchParams.get('limit');
  const limit = rawLimit === null ? DEFAULT_LIMIT : Number(rawLimit);
  const badQuery = query === null || query.trim() === '' || query.length > MAX_QUERY_LENGTH;
  if (badQuery || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new ServiceError(400, 'BadRequest', 'ParameterValidationFailure');
  return { query, limit };
}

const digitsOf = (text: string) => text.replace(/\D/g, '');

/** Whether the person is who the query names: a name word's start, their address or email, part of a number. */
export function matches(person: DirectoryPerson, query: string): boolean {
  const wanted = query.trim().toLowerCase();
  const words = wanted.split(/\s+/);
  const nameWords = person.name.toLowerCase().split(/\s+/);
  if (words.every((word) => nameWords.some((name) => name.startsWith(word)))) return true;
  const address = person.uri.toLowerCase().replace(/^sip:/, '');
  if (address.startsWith(wanted.replace(/^sip:/, '')) || person.email?.toLowerCase().startsWith(wanted)) return true;
  const digits = digitsOf(wanted);
  const onlyNumber = /^[+\d\s().\-/]+$/.test(wanted) || wanted.startsWith('tel:');
  return onlyNumber && digits.length >= MIN_NUMBER_DIGITS && person.phones.some(({ number }) => digitsOf(number).includes(digits));
}

/** The search resource for these parameters, as search_ref's and SearchForUsersContact's samples show it. */
export function searchResult(appPath: string, directory: readonly DirectoryPerson[], selfHref: string, { query, limit }: SearchParams) {
  const found = directory.filter((person) => matches(person, query));
  return {
    rel: 'search',
    moreResultsAvailable: found.length > limit,
    _links: { self: { href: selfHref } },
    _embedded: { contact: found.slice(0, limit).map((person) => contact(appPath, person)) },
  };
}

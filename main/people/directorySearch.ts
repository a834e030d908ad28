// Directory search (people → search, search_ref): what the person types, sent as `query` with a limit,
// the contacts that come back read into PersonSummary. A query that is empty, too long or without a
// letter or digit is never sent. A newer search supersedes one still on its way: the older is aborted
// and resolves as superseded, so its results are never shown.
import { MAX_SEARCH_LENGTH, type PeopleSearchResult, type SearchSkipped } from '../../preload/shared/people.js';
import type { Application } from '../ucwa/application.js';
import { MalformedError, type UcwaError } from '../ucwa/errors.js';
import type { UcwaHttp } from '../ucwa/http.js';
import { parseWith } from '../ucwa/resources.js';
import * as z from '../../preload/shared/zod/zod.js';
import { readContact } from './contactSummary.js';

/** Enough to fill the list under the search box; the server says when there are more. */
export const SEARCH_LIMIT = 20;
/** More contacts than this in one answer is no search result: the answer is refused whole. */
const MAX_CONTACTS = 500;

const searchSchema = z.looseObject({
  moreResultsAvailable: z.boolean().optional(),
  _embedded: z.looseObject({ contact: z.union([z.array(z.unknown()).max(MAX_CONTACTS), z.looseObject({})]).optional() }).optional(),
});

export type SearchClient = { readonly http: UcwaHttp; readonly application: Application };

/** Why a query is not sent, or undefined when it may be. */
export function unsendable(query: string): Exclude<SearchSkipped, 'superseded'> | undefined {
  if (query.length > MAX_SEARCH_LENGTH) return 'tooLong';
  if (query.trim() === '') return 'empty';
  if (!/[\p{L}\p{N}]/u.test(query)) return 'noLettersOrDigits';
  return undefined;
}

const nothing = (skipped: SearchSkipped): PeopleSearchResult => ({ results: [], more: false, skipped });

export class DirectorySearch {
  #current: AbortController | undefined;

  constructor(
    private readonly client: SearchClient,
    /** A contact refused for its shape: reported, and the other results kept. */
    private readonly onProblem: (error: UcwaError) => void,
  ) {}

  /** Whether the server offers search (people's `search` link). */
  get offered(): boolean {
    return this.client.application.people.has('search');
  }

  async search(query: string): Promise<PeopleSearchResult> {
    this.#current?.abort();
    const mine = new AbortController();
    this.#current = mine;
    const skipped = unsendable(query);
    if (skipped) return nothing(skipped);
    const href = this.client.application.people.get('search');
    if (href === undefined) return nothing('notOffered');
    const url = this.client.http.resolve(href, this.client.application.self);
    url.searchParams.set('query', query.trim());
    url.searchParams.set('limit', String(SEARCH_LIMIT));
    let json: unknown;
    try {
      json = (await this.client.http.get(url, { signal: mine.signal })).json;
    } catch (error) {
      if (mine.signal.aborted) return nothing('superseded');
      throw error;
    } finally {
      if (this.#current === mine) this.#current = undefined;
    }
    if (mine.signal.aborted) return nothing('superseded');
    return this.#read(json);
  }

  #read(json: unknown): PeopleSearchResult {
    const found = parseWith(searchSchema, json, 'search');
    const embedded = found._embedded?.contact ?? [];
    const contacts = Array.isArray(embedded) ? embedded : [embedded];
    const results = contacts.slice(0, SEARCH_LIMIT).flatMap((contact, index) => {
      try {
        return [readContact(contact, `search._embedded.contact.${index}`).person];
      } catch (error) {
        if (!(error instanceof MalformedError)) throw error;
        this.onProblem(error);
        return [];
      }
    });
    return { results, more: found.moreResultsAvailable === true || contacts.length > SEARCH_LIMIT };
  }
}

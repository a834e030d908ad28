// People while signed in: what the directory, the contact list and presence (the person's own and their
// colleagues') look like to the windows. Each job is a module of its own beside this one; this class holds
// them for the session, hands them the event batches and gathers their part of the snapshot.
import type { CallSnapshot } from '../../preload/shared/contract.js';
import type { PeopleSearchResult, PeopleSnapshot } from '../../preload/shared/people.js';
import { getInBatch } from '../ucwa/batch.js';
import type { UcwaClient } from '../ucwa/client.js';
import { MalformedError } from '../ucwa/errors.js';
import type { EventBatch } from '../ucwa/events.js';
import { ringingCallers } from './callPeople.js';
import { ContactCards } from './contactCards.js';
import { ContactList } from './contactList.js';
import { DirectorySearch } from './directorySearch.js';
import { MyPresence, type MyPresenceOptions } from './myPresence.js';
import { PresenceWatch, type PresenceWatchOptions } from './presenceWatch.js';

export type PeopleOptions = MyPresenceOptions & {
  /** Colleagues' presence: how many are watched at once, subscription length (tests shorten them). */
  presence?: Pick<
    PresenceWatchOptions,
    'maxWatched' | 'durationMinutes' | 'minuteMs' | 'publishEveryMs' | 'refetchAfterMs' | 'getsPerSecond' | 'burstGets' | 'peoplePerBatch'
  >;
};

export class People {
  /** The person's own presence, note and location; read once signed in (start). */
  readonly me: MyPresence;
  readonly cards: ContactCards;
  /** Colleagues' presence, where the server offers presence subscriptions. */
  readonly presence: PresenceWatch | undefined;
  readonly #directory: DirectorySearch;
  readonly #contactList: ContactList;

  constructor(client: UcwaClient, options: PeopleOptions) {
    this.me = new MyPresence(client, client.application.me, options);
    this.#directory = new DirectorySearch(client, options.onProblem);
    this.cards = new ContactCards(client, options.onProblem);
    this.#contactList = new ContactList(client, options);
    if (client.application.people.has('presenceSubscriptions')) {
      this.presence = new PresenceWatch({
        ...options.presence,
        server: {
          getJson: (href, base) => client.getJson(href, base),
          resolve: (href, base) => client.http.resolve(href, base),
          // Asked at each fetch: an application created anew (after ApplicationNotFound) may offer no batch, or one.
          get getInBatch() {
            return client.application.batch === undefined ? undefined : (urls: readonly URL[]) => getInBatch(client.http, batchUrl(client), urls);
          },
          postJson: async (href, base, body, query = {}) => {
            const url = client.http.resolve(href, base);
            for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
            const response = await client.http.post(url, { body });
            return { url: response.url, json: response.json };
          },
          remove: (href, base) => client.remove(href, base),
        },
        people: () => client.application.people,
        base: () => client.base,
        onChange: options.onChange,
        onProblem: options.onProblem,
      });
    }
  }

  /**
   * Reads what is shown from the start: the person's own presence, before the session counts as signed in;
   * then, in the background, the contact list, whose people are then watched.
   */
  async start(): Promise<void> {
    await this.me.read();
    void this.#contactList.read().then(() => this.presence?.want('contactList', this.#contactList.uris()));
  }

  /** Searches the directory; the people found are watched while they are the latest results. */
  async search(query: string): Promise<PeopleSearchResult> {
    const found = await this.#directory.search(query);
    if (found.skipped !== 'superseded')
      this.presence?.want(
        'search',
        found.results.map((person) => person.uri),
      );
    return found;
  }

  snapshot(): PeopleSnapshot {
    const contactList = this.#contactList.snapshot();
    return { canSearch: this.#directory.offered, me: this.me.snapshot(), presence: this.presence?.snapshot() ?? {}, ...(contactList && { contactList }) };
  }

  /** The people of the calls that ring and of Recent (their call-back addresses, newest first) are watched, as the windows show them. */
  follow(calls: readonly CallSnapshot[], inRecent: readonly string[]): void {
    this.presence?.want('ringing', ringingCallers(calls));
    this.presence?.want('recent', inRecent);
  }

  async handleBatch(batch: EventBatch): Promise<void> {
    this.presence?.handleBatch(batch);
    await this.me.handleBatch(batch);
  }

  applicationReplaced(): void {
    this.presence?.applicationReplaced();
  }

  dispose(): void {
    this.presence?.dispose();
  }
}

/** The application's batch resource now (an application created anew may lack one). */
function batchUrl(client: UcwaClient): URL {
  const href = client.application.batch;
  if (href === undefined) throw new MalformedError('application._links.batch', 'missing');
  return client.http.resolve(href, client.base);
}

/** What the windows see of people while nobody is signed in. */
export const NOBODY: PeopleSnapshot = { canSearch: false, presence: {} };

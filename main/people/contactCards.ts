// Contact cards (getContactCard): the contact (contact_ref), its note and location, and its photo, the
// photo fetched once per session and kept in a bounded cache. A note, location or photo the server fails
// to give or gives unusable is reported and left off the card; the card itself needs only the contact.
import type { ContactCard } from '../../preload/shared/people.js';
import type { UcwaClient } from '../ucwa/client.js';
import { HttpError, MalformedError, UcwaError } from '../ucwa/errors.js';
import type { Links } from '../ucwa/resources.js';
import { fetchPhoto } from './contactPhoto.js';
import { contactHref } from './contactHref.js';
import { readContact } from './contactSummary.js';
import { orReported } from '../ucwa/orReported.js';
import { PhotoCache, type PhotoCacheBounds } from './photoCache.js';
import { readLocation, readNote } from './presenceBodies.js';

/** About a hundred photos of a few kilobytes, and never more than 8 MB of them. */
const PHOTO_CACHE: PhotoCacheBounds = { maxEntries: 100, maxBytes: 8 * 1024 * 1024 };

/** No card could be read for the person: the sentence names them, never the server's addresses (the cause, reported, does). */
export class ContactCardError extends UcwaError {
  override name = 'ContactCardError';
}

export class ContactCards {
  readonly photos: PhotoCache;

  constructor(
    private readonly client: UcwaClient,
    private readonly onProblem: (error: UcwaError) => void,
    bounds: PhotoCacheBounds = PHOTO_CACHE,
  ) {
    this.photos = new PhotoCache(bounds);
  }

  /** The card of the person at `uri` (people/{uri}); throws a ContactCardError when the contact cannot be read. */
  async card(uri: string): Promise<ContactCard> {
    const { url, person, links } = await this.#contact(uri);
    const [note, location, photo] = await Promise.all([
      this.#optional(links, 'contactNote', url, (found) => readNote(found, 'contactNote')),
      this.#optional(links, 'contactLocation', url, (found) => readLocation(found, 'contactLocation')),
      this.#photo(links, url),
    ]);
    return { ...person, ...(note && { note }), ...(location && { location }), ...(photo && { photo }) };
  }

  async #contact(uri: string) {
    const href = contactHref(this.client.application.people, uri);
    if (href === undefined) throw new ContactCardError('This server offers no contact cards.');
    try {
      const { url, json } = await this.client.getJson(href);
      return { url, ...readContact(json, 'contact') };
    } catch (error) {
      if (!(error instanceof UcwaError)) throw error;
      this.onProblem(error);
      throw new ContactCardError(`No contact card could be read for ${uri.replace(/^(sip|tel):/, '')}.`, { cause: error });
    }
  }

  async #optional<T>(links: Links, rel: string, base: URL, read: (json: unknown) => T | undefined): Promise<T | undefined> {
    const href = links.get(rel);
    if (href === undefined) return undefined;
    return this.#reported(async () => read((await this.client.getJson(href, base)).json));
  }

  #photo(links: Links, base: URL): Promise<string | undefined> {
    const href = links.get('contactPhoto');
    return href === undefined ? Promise.resolve(undefined) : this.photo(href, base);
  }

  /** The contactPhoto at `href` (a card's, a meeting participant's), through the session's photo cache; undefined where there is none to show. */
  photo(href: string, base: URL): Promise<string | undefined> {
    return this.#reported(async () => {
      const url = this.client.http.resolve(href, base);
      // A photo refused for what it is (too large, no image) stays refused, and one the server has not
      // (404: a server links contactPhoto for people without one) is none, the person's initials, no
      // problem: both are kept as none. One the server or the network failed to give is kept as nothing,
      // and asked for again next time.
      const keptAsNone = (error: unknown) => {
        if (error instanceof HttpError && error.status === 404) return undefined;
        if (!(error instanceof MalformedError)) throw error;
        this.onProblem(error);
        return undefined;
      };
      return this.photos.get(url.href, () => fetchPhoto(this.client.http, url).catch(keptAsNone));
    });
  }

  #reported<T>(work: () => Promise<T | undefined>): Promise<T | undefined> {
    return orReported(work, this.onProblem);
  }
}

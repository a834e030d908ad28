// Contact photos once fetched, kept for the session within a bound on their number and their size (the
// least recently shown go first); two cards asking for the same photo at once share one fetch.

/** A photo as a data: URI, or undefined when the person has none the app can show. */
type Photo = string | undefined;

export type PhotoCacheBounds = { maxEntries: number; maxBytes: number };

export class PhotoCache {
  readonly #photos = new Map<string, Photo>();
  readonly #fetching = new Map<string, Promise<Photo>>();
  #bytes = 0;

  constructor(private readonly bounds: PhotoCacheBounds) {}

  get size(): { entries: number; bytes: number } {
    return { entries: this.#photos.size, bytes: this.#bytes };
  }

  /** The photo at `key`, fetched by `fetch` only when it is neither kept nor on its way. */
  async get(key: string, fetch: () => Promise<Photo>): Promise<Photo> {
    if (this.#photos.has(key)) {
      const photo = this.#photos.get(key);
      this.#photos.delete(key);
      this.#photos.set(key, photo);
      return photo;
    }
    const pending = this.#fetching.get(key);
    if (pending) return pending;
    const fetching = fetch().finally(() => this.#fetching.delete(key));
    this.#fetching.set(key, fetching);
    const photo = await fetching;
    this.#keep(key, photo);
    return photo;
  }

  #keep(key: string, photo: Photo): void {
    const bytes = photo?.length ?? 0;
    if (bytes > this.bounds.maxBytes || this.#photos.has(key)) return;
    this.#photos.set(key, photo);
    this.#bytes += bytes;
    for (const [oldest, old] of this.#photos) {
      if (this.#photos.size <= this.bounds.maxEntries && this.#bytes <= this.bounds.maxBytes) break;
      this.#photos.delete(oldest);
      this.#bytes -= old?.length ?? 0;
    }
  }
}

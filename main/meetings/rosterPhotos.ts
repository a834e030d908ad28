// The photos of a meeting's people, where the server links one (a participant's contactPhoto): each fetched
// once through the session's photo cache (main/people/), for at most MAX_PHOTOS people per meeting and none
// over MAX_ROSTER_PHOTO_BYTES, since every roster change sends them to the window again; initials otherwise.

/** The most people of one meeting whose photos are fetched and shown. */
export const MAX_PHOTOS = 50;

/**
 * A roster photo larger than this (as a data: URI) is not shown: a card photo of 48×48 is a few kilobytes, and
 * every roster publish (every COALESCE_MS while people speak) carries them all: 50 × 16 KB = 800 KB at most.
 */
export const MAX_ROSTER_PHOTO_BYTES = 16 * 1024;

/** How often one person's photo is asked for when none comes. */
export const MAX_TRIES = 2;

export class RosterPhotos {
  readonly #asked = new Set<string>();
  /** How often each participant's photo could not be had; it is asked for again on their next change, MAX_TRIES in all. */
  readonly #failed = new Map<string, number>();
  #stopped = false;

  constructor(
    /** The photo at a contactPhoto href, or undefined where there is none to show (problems reported by the fetcher). */
    private readonly photoOf: (href: string) => Promise<string | undefined>,
    /** A photo came for the participant at `participantHref`. */
    private readonly fetched: (participantHref: string, photo: string) => void,
  ) {}

  /** The participant links a photo: it is fetched once (again where none came, MAX_TRIES in all), while fewer than MAX_PHOTOS are asked for. */
  want(participantHref: string, photoHref: string | undefined): void {
    if (photoHref === undefined || this.#asked.has(participantHref) || this.#asked.size >= MAX_PHOTOS) return;
    if ((this.#failed.get(participantHref) ?? 0) >= MAX_TRIES) return;
    this.#asked.add(participantHref);
    // The fetcher reports the server's problems; the person then keeps their initials.
    void this.photoOf(photoHref).then(
      (photo) => {
        if (photo === undefined) this.#failedOnce(participantHref);
        else if (!this.#stopped && photo.length <= MAX_ROSTER_PHOTO_BYTES) this.fetched(participantHref, photo);
      },
      () => undefined,
    );
  }

  /** The participant left: should they come back, their photo is fetched again (through the cache), and they no longer count. */
  forget(participantHref: string): void {
    this.#asked.delete(participantHref);
  }

  /** The meeting is no longer followed (ended, signed out): photos still on their way are dropped. */
  stop(): void {
    this.#stopped = true;
  }

  #failedOnce(participantHref: string): void {
    this.#asked.delete(participantHref);
    this.#failed.set(participantHref, (this.#failed.get(participantHref) ?? 0) + 1);
  }
}

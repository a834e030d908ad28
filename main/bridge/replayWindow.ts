// RFC 3711 §3.3.2's replay list, per SSRC: a packet is taken once, and not at all once it is older than
// the window behind the highest index taken. Written here because werift's SrtpSession and SrtcpSession
// keep none: they decrypt an authentic packet as often as it comes (DTLS-SRTP in WebRTC leaves replay
// protection to libsrtp, which werift does not use).

/** libsrtp's default; RFC 3711 asks for at least 64. Reordering deeper than this is loss anyway for audio. */
export const REPLAY_WINDOW_SIZE = 128;

export class ReplayWindow {
  #highest = -1;
  /** Whether each index of the window was taken, at index modulo the size. */
  readonly #taken = new Uint8Array(REPLAY_WINDOW_SIZE);

  /** Whether `index` may be taken: above the highest so far, or within the window and not taken yet. */
  isFresh(index: number): boolean {
    if (index > this.#highest) return true;
    if (index <= this.#highest - REPLAY_WINDOW_SIZE) return false;
    return this.#taken[index % REPLAY_WINDOW_SIZE] === 0;
  }

  /** Records an authenticated packet's index (one `isFresh` allowed). */
  take(index: number): void {
    if (index > this.#highest) {
      // The slots the window slides over now stand for new indexes, none taken yet.
      for (let slot = Math.max(this.#highest + 1, index - REPLAY_WINDOW_SIZE + 1); slot < index; slot++) this.#taken[slot % REPLAY_WINDOW_SIZE] = 0;
      this.#highest = index;
    }
    this.#taken[index % REPLAY_WINDOW_SIZE] = 1;
  }
}

/** One window per SSRC, made when the SSRC's first authentic packet is taken. */
export class ReplayWindows {
  readonly #windows = new Map<number, ReplayWindow>();

  isFresh(ssrc: number, index: number): boolean {
    return this.#windows.get(ssrc)?.isFresh(index) ?? true;
  }

  take(ssrc: number, index: number): void {
    let window = this.#windows.get(ssrc);
    if (!window) this.#windows.set(ssrc, (window = new ReplayWindow()));
    window.take(index);
  }
}

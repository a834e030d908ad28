// A caller that encrypts with another key than the one it offered sends nothing the bridge can decrypt:
// every packet fails authentication and is dropped, and the call would stay connected in silence. When
// the caller's RTP has done nothing but fail for a few seconds, and there were enough packets to be their
// stream rather than a stray one, the watch says so, once. It judges as packets arrive (no timer): a caller
// that sends nothing, on hold for instance, is not judged.

export const UNDECRYPTABLE_AFTER_MS = 4000;
/** A second of the caller's 20 ms packets. */
const UNDECRYPTABLE_MIN_PACKETS = 50;

export type UndecryptableCounts = {
  /** Packets that failed in a row, and over how long. */
  failed: number;
  seconds: number;
  /** Packets that decrypted before that (a caller that changed keys mid-call). */
  decryptedBefore: number;
};

export class UndecryptableWatch {
  #run: { since: number; failed: number } | undefined;
  #decrypted = 0;
  #told = false;

  constructor(private readonly undecryptable: (counts: UndecryptableCounts) => void) {}

  decrypted(): void {
    this.#decrypted++;
    this.#run = undefined;
  }

  /** An RTP packet from the caller failed authentication at `at` (performance.now()). */
  failed(at: number): void {
    if (this.#told) return;
    const run = (this.#run ??= { since: at, failed: 0 });
    run.failed++;
    if (at - run.since < UNDECRYPTABLE_AFTER_MS || run.failed < UNDECRYPTABLE_MIN_PACKETS) return;
    this.#told = true;
    this.undecryptable({ failed: run.failed, seconds: Math.round((at - run.since) / 1000), decryptedBefore: this.#decrypted });
  }
}

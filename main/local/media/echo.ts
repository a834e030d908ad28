// The test call's echo, as Skype's echo service has it: the person hears a tone, then themselves a second
// later, so they know their microphone and speaker work. PCMU in, the same PCMU out: nothing is transcoded.
import { PACKET_MS, pcmuSilence, type AudioSource } from './pcmu.js';
import { ToneSource } from './tone.js';

export const ECHO_DELAY_MS = 1000;
/** How far behind its delay the echo may fall (network jitter, a sender slower than the person's) before it skips ahead. */
export const ECHO_LATE_MS = 200;
/** 3 s of packets: what a stalled sender (on hold) lets pile up, at most. */
export const ECHO_MAX_PACKETS = 3000 / PACKET_MS;
export const TONE_BEFORE_ECHO_MS = 2000;

/** Plays back what it hears, each payload once it is ECHO_DELAY_MS old, and PCMU silence when none is due. */
export class EchoSource implements AudioSource {
  readonly #heard: Array<{ payload: Buffer; at: number }> = [];

  hear(payload: Buffer, at: number): void {
    this.#heard.push({ payload, at });
    if (this.#heard.length > ECHO_MAX_PACKETS) this.#heard.shift();
  }

  nextPayload(now: number): Buffer {
    const dueBy = now - ECHO_DELAY_MS;
    // Behind by more than jitter (after a hold, say): skip to the newest due payload, back to the delay.
    if ((this.#heard[0]?.at ?? Infinity) < dueBy - ECHO_LATE_MS) {
      while ((this.#heard[1]?.at ?? Infinity) <= dueBy) this.#heard.shift();
    }
    const next = this.#heard[0];
    if (next === undefined || next.at > dueBy) return pcmuSilence();
    this.#heard.shift();
    return next.payload;
  }
}

/**
 * The test call's audio with the echo: the tone until it has played TONE_BEFORE_ECHO_MS since the call was
 * answered, then the echo. Counting from the answer, not from when media connected, keeps early media
 * (which nobody hears while it rings) from using the tone up.
 */
export class ToneThenEcho implements AudioSource {
  readonly #tone = new ToneSource();
  #answered = false;
  #echoFrom: number | undefined;

  constructor(private readonly echo: EchoSource) {}

  answered(): void {
    this.#answered = true;
  }

  nextPayload(now: number): Buffer {
    if (this.#answered) this.#echoFrom ??= now + TONE_BEFORE_ECHO_MS;
    return this.#echoFrom !== undefined && now >= this.#echoFrom ? this.echo.nextPayload(now) : this.#tone.nextPayload();
  }
}

// RFC 4733 telephone-events as the local service's callees read them, so a test can read back the digits
// the app sent. Written here because no npm package decodes them (the registry has DTMF tone generators
// and audio-band detectors, none reads the RTP payload), and the payload is four bytes.

/** A payload that is not one DTMF event as RFC 4733 §2.3 lays it out. */
export class TelephoneEventError extends Error {
  override name = 'TelephoneEventError';
}

/** One event report: which event, whether it ended, its volume (−dBm0) and how long it lasted so far (timestamp units). */
export type TelephoneEvent = { event: number; end: boolean; volume: number; duration: number };

/** Events 0–15 as keys (RFC 4733 §3.2); 16 is flash, which is no digit. */
export const DTMF_KEYS = '0123456789*#ABCD';
const FLASH = 16;
const PAYLOAD_BYTES = 4;

/** Reads one event report; refuses a payload of another size or an event outside DTMF (0–16). */
export function readTelephoneEvent(payload: Uint8Array): TelephoneEvent {
  if (payload.length !== PAYLOAD_BYTES) throw new TelephoneEventError(`A telephone-event payload is 4 bytes, not ${payload.length}`);
  const event = payload[0]!;
  if (event > FLASH) throw new TelephoneEventError(`Event ${event} is not a DTMF event (0–16)`);
  return { event, end: (payload[1]! & 0x80) !== 0, volume: payload[1]! & 0x3f, duration: (payload[2]! << 8) | payload[3]! };
}

/** How many of the last ended events are remembered, so that a late copy of an end packet is not counted again. */
const ENDED_KEPT = 16;

/**
 * The digits heard on one RTP stream, each counted once: an event's packets all carry its start timestamp,
 * and its end packet is sent three times (RFC 4733 §2.5.1.4), so a digit counts when the first end for
 * a new timestamp arrives. Packets of other payload types are not looked at; malformed ones are counted.
 */
export class DigitsHeard {
  #digits = '';
  #malformed = 0;
  readonly #ended: number[] = [];

  constructor(private readonly isTelephoneEvent: (payloadType: number) => boolean) {}

  get digits(): string {
    return this.#digits;
  }

  /** Payloads of the negotiated telephone-event type that were not DTMF events. */
  get malformed(): number {
    return this.#malformed;
  }

  hear(header: { payloadType: number; timestamp: number }, payload: Uint8Array): void {
    if (!this.isTelephoneEvent(header.payloadType)) return;
    let report: TelephoneEvent;
    try {
      report = readTelephoneEvent(payload);
    } catch (error) {
      if (error instanceof TelephoneEventError) return void this.#malformed++;
      throw error;
    }
    if (!report.end || this.#ended.includes(header.timestamp)) return;
    if (this.#ended.push(header.timestamp) > ENDED_KEPT) this.#ended.shift();
    if (report.event !== FLASH) this.#digits += DTMF_KEYS[report.event];
  }
}

// RFC 4733 telephone-events as a sender writes them, for the tests of what reads them: an event report, and
// key presses as Chromium sends them (reports with the event's start timestamp, the first marked, the end
// three times).
import { RtpHeader, RtpPacket } from 'werift';
import type { StreamPosition } from '../../main/local/media/sdesEndpoint.js';
import { DTMF_KEYS } from '../../main/local/media/telephoneEvent.js';

/** Between two key presses, in RTP timestamp units (200 ms at 8 kHz). */
const KEY_PRESS_SPACING = 1600;

/** An event report (RFC 4733 §2.3): event, end bit, volume, duration. */
export function eventReport(event: number, { end = false, volume = 10, duration = 0 } = {}): Buffer {
  return Buffer.from([event, (end ? 0x80 : 0) | volume, duration >> 8, duration & 0xff]);
}

/** The packets of one key press, in the order sent: payload and marker; they all carry the press's timestamp. */
export function keyPress(key: string): Array<{ payload: Buffer; marker: boolean }> {
  const event = DTMF_KEYS.indexOf(key);
  if (event < 0) throw new Error(`${key} is not a DTMF key`);
  return [
    ...[160, 480, 800].map((duration, i) => ({ payload: eventReport(event, { duration }), marker: i === 0 })),
    ...[1, 2, 3].map(() => ({ payload: eventReport(event, { end: true, duration: 960 }), marker: false })),
  ];
}

/** `keys` pressed one after the other in `stream` on `payloadType`, as RTP packets in the order sent; moves `stream` on. */
export function keyPressPackets(keys: string, payloadType: number, stream: StreamPosition): RtpPacket[] {
  return [...keys].flatMap((key) => {
    const timestamp = stream.timestamp >>> 0;
    stream.timestamp += KEY_PRESS_SPACING;
    return keyPress(key).map(({ payload, marker }) => {
      const sequenceNumber = stream.sequenceNumber++ & 0xffff;
      return new RtpPacket(new RtpHeader({ payloadType, ssrc: stream.ssrc, sequenceNumber, timestamp, marker }), payload);
    });
  });
}

// The RFC 4733 reader of the local service's callees: event reports decoded, each digit counted once across
// its redundant end packets, and hostile payloads refused without losing the digits already heard.
import { describe, expect, it } from 'vitest';
import { DigitsHeard, readTelephoneEvent, TelephoneEventError } from '../../main/local/media/telephoneEvent.js';
import { eventReport as report, keyPress } from '../support/telephoneEvents.js';

const TELEPHONE_EVENT = 101;

/** One key press's packets as a sender sends them (RFC 4733 §2.5), at `timestamp`. */
function eventPackets(key: string, timestamp: number): Array<{ header: { payloadType: number; timestamp: number }; payload: Buffer }> {
  return keyPress(key).map(({ payload }) => ({ header: { payloadType: TELEPHONE_EVENT, timestamp }, payload }));
}

describe('RFC 4733 telephone-event', () => {
  it('reads an event report: event, end bit, volume and duration', () => {
    expect(readTelephoneEvent(report(11, { end: true, volume: 7, duration: 0x1234 }))).toEqual({ event: 11, end: true, volume: 7, duration: 0x1234 });
    // The reserved bit is not part of the volume.
    expect(readTelephoneEvent(Buffer.from([5, 0x40 | 0x0a, 0, 160]))).toEqual({ event: 5, end: false, volume: 10, duration: 160 });
  });

  it('refuses payloads that are not one DTMF event, with a typed error', () => {
    expect(() => readTelephoneEvent(Buffer.from([1, 0x80, 0]))).toThrow(TelephoneEventError);
    expect(() => readTelephoneEvent(Buffer.alloc(0))).toThrow(TelephoneEventError);
    expect(() => readTelephoneEvent(Buffer.from([1, 0x80, 0, 160, 0]))).toThrow(TelephoneEventError);
    expect(() => readTelephoneEvent(report(17, { end: true }))).toThrow(/Event 17 is not a DTMF event/);
    expect(() => readTelephoneEvent(report(255, { end: true }))).toThrow(TelephoneEventError);
  });

  it('counts each digit once, across the redundant end packets, in the order sent', () => {
    const heard = new DigitsHeard((payloadType) => payloadType === TELEPHONE_EVENT);
    [...'123*0#AD'].forEach((key, i) => eventPackets(key, 1000 + i * 1600).forEach(({ header, payload }) => heard.hear(header, payload)));
    expect(heard.digits).toBe('123*0#AD');
    // A late copy of an end packet is not a new digit; the same key pressed again, with a new timestamp, is.
    heard.hear({ payloadType: TELEPHONE_EVENT, timestamp: 1000 }, report(1, { end: true, duration: 960 }));
    eventPackets('1', 99_000).forEach(({ header, payload }) => heard.hear(header, payload));
    expect(heard.digits).toBe('123*0#AD1');
  });

  it('ignores other payload types and flash, and counts hostile payloads without losing the digits heard', () => {
    const heard = new DigitsHeard((payloadType) => payloadType === TELEPHONE_EVENT);
    eventPackets('7', 160).forEach(({ header, payload }) => heard.hear(header, payload));
    // Audio (PCMU) whose bytes happen to read as an ended event, on another payload type.
    heard.hear({ payloadType: 0, timestamp: 320 }, report(4, { end: true }));
    heard.hear({ payloadType: TELEPHONE_EVENT, timestamp: 480 }, report(16, { end: true }));
    heard.hear({ payloadType: TELEPHONE_EVENT, timestamp: 640 }, Buffer.from([3]));
    heard.hear({ payloadType: TELEPHONE_EVENT, timestamp: 800 }, report(99, { end: true }));
    heard.hear({ payloadType: TELEPHONE_EVENT, timestamp: 960 }, Buffer.alloc(1200, 0x85));
    eventPackets('9', 1120).forEach(({ header, payload }) => heard.hear(header, payload));
    expect(heard.digits).toBe('79');
    expect(heard.malformed).toBe(3);
  });
});

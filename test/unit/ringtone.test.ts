import { describe, expect, it } from 'vitest';
import { PATTERNS, ringtoneWav } from '../../renderer/media/ringtone.js';
import { toneShare } from '../support/goertzel.js';

/** The WAV's header fields and its samples scaled to -1…1. */
function readWav(buffer: ArrayBuffer) {
  const view = new DataView(buffer);
  const text = (offset: number) => String.fromCharCode(...new Uint8Array(buffer, offset, 4));
  const sampleRate = view.getUint32(24, true);
  const samples = Float64Array.from({ length: view.getUint32(40, true) / 2 }, (_, i) => view.getInt16(44 + i * 2, true) / 0x7fff);
  return {
    riff: text(0),
    wave: text(8),
    format: view.getUint16(20, true),
    channels: view.getUint16(22, true),
    bits: view.getUint16(34, true),
    sampleRate,
    samples,
  };
}

describe('the ringtone', () => {
  it('is one cycle of 16-bit mono PCM: both tones while on, silence while off', () => {
    const wav = readWav(ringtoneWav(PATTERNS.normal));
    expect(wav).toMatchObject({ riff: 'RIFF', wave: 'WAVE', format: 1, channels: 1, bits: 16 });
    expect(wav.samples.length / wav.sampleRate).toBeCloseTo(4, 2);
    const at = (from: number, to: number) => wav.samples.subarray(Math.round(from * wav.sampleRate), Math.round(to * wav.sampleRate));
    const on = at(0.5, 1.0);
    expect(toneShare(on, wav.sampleRate, 440) + toneShare(on, wav.sampleRate, 480)).toBeGreaterThan(0.9);
    expect(toneShare(on, wav.sampleRate, 1000)).toBeLessThan(0.01);
    expect(Math.max(...on.map(Math.abs))).toBeLessThanOrEqual(0.18 + 1e-3);
    expect(at(1.7, 3.9).every((sample) => sample === 0)).toBe(true);
  });

  it('rings a private line twice, on its own tones', () => {
    const wav = readWav(ringtoneWav(PATTERNS.privateLine));
    const at = (from: number, to: number) => wav.samples.subarray(Math.round(from * wav.sampleRate), Math.round(to * wav.sampleRate));
    for (const burst of [at(0.05, 0.35), at(0.65, 0.95)])
      expect(toneShare(burst, wav.sampleRate, 523) + toneShare(burst, wav.sampleRate, 659)).toBeGreaterThan(0.9);
    expect(at(0.42, 0.58).every((sample) => sample === 0)).toBe(true);
    expect(at(1.05, 2.95).every((sample) => sample === 0)).toBe(true);
  });

  it('rings back a call placed here as North American ringback: 440 and 480 Hz, 2 s on, 4 s off', () => {
    const wav = readWav(ringtoneWav(PATTERNS.ringback));
    expect(wav.samples.length / wav.sampleRate).toBeCloseTo(6, 2);
    const at = (from: number, to: number) => wav.samples.subarray(Math.round(from * wav.sampleRate), Math.round(to * wav.sampleRate));
    const on = at(0.5, 1.5);
    expect(toneShare(on, wav.sampleRate, 440) + toneShare(on, wav.sampleRate, 480)).toBeGreaterThan(0.9);
    expect(at(2.05, 5.95).every((sample) => sample === 0)).toBe(true);
  });
});

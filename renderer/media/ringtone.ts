// The ringtone, synthesised here (no sound files to ship) as one cycle of 16-bit PCM in a WAV blob, and
// played in a loop by one <audio> element per output device, each routed with setSinkId: the ring device,
// and the default speaker too when the person asks for it. A private line rings with its own double
// pattern; a call placed here rings back on the speaker (the North American ringback: 440 and 480 Hz,
// 2 s on, 4 s off) until the callee answers or sends early media. A looping media element costs
// far less than a live Web Audio graph, whose rendering thread wakes every few milliseconds for as long as
// its context runs.
import { afterNextFrame } from './afterNextFrame.js';

/** Frequencies and [seconds on, seconds off] steps of one cycle. */
export const PATTERNS = {
  normal: { frequencies: [440, 480], steps: [[1.6, 2.4]] },
  privateLine: {
    frequencies: [523, 659],
    steps: [
      [0.4, 0.2],
      [0.4, 2.0],
    ],
  },
  ringback: { frequencies: [440, 480], steps: [[2, 4]] },
} as const satisfies Record<string, { frequencies: readonly number[]; steps: ReadonlyArray<readonly [number, number]> }>;

type Pattern = (typeof PATTERNS)[keyof typeof PATTERNS];

const SAMPLE_RATE = 16_000;
const LEVEL = 0.18;
/** Each tone fades in and out over this long, so it starts and stops without a click. */
const RAMP_SECONDS = 0.02;

export type RingOptions = { sinkIds: readonly string[]; pattern: keyof typeof PATTERNS };

export class Ringtone {
  /** One blob URL per pattern, made on first use and kept: the same few kilobytes serve every ring. */
  readonly #urls = new Map<Pattern, string>();
  #playing: string | undefined;
  /** The start waiting for the window's next frame; a stop or another start before it cancels it. */
  #due: object | undefined;
  /** Everything start() set up, undone synchronously by stop(): nothing outlives a stop. */
  #teardown: Array<() => void> = [];

  /**
   * Starts ringing, or switches devices or pattern; nothing changes if it already rings just so. The sound
   * starts once the window has drawn its next frame: a media element's playback started in the task that
   * brings a ring (its pipeline, an output stream in the audio service) competes with the ring window
   * drawing its card, on two cores shared by both windows, the browser and the core.
   */
  start(options: RingOptions): void {
    const key = JSON.stringify(options);
    if (this.#playing === key) return;
    this.stop();
    this.#playing = key;
    const due = {};
    this.#due = due;
    afterNextFrame(() => {
      if (this.#due !== due) return;
      this.#due = undefined;
      this.#sound(options);
    });
  }

  stop(): void {
    this.#playing = undefined;
    this.#due = undefined;
    for (const undo of this.#teardown.splice(0)) undo();
  }

  #sound(options: RingOptions): void {
    const pattern = PATTERNS[options.pattern];
    let url = this.#urls.get(pattern);
    if (!url) {
      url = URL.createObjectURL(new Blob([ringtoneWav(pattern)], { type: 'audio/wav' }));
      this.#urls.set(pattern, url);
    }
    for (const sinkId of options.sinkIds) this.#play(url, sinkId, options.pattern === 'ringback' ? 'ringback' : 'ringtone');
  }

  /** `role`: the data attribute that says what the element plays (data-ringtone, data-ringback), with its device. */
  #play(url: string, sinkId: string, role: 'ringtone' | 'ringback'): void {
    const element = document.createElement('audio');
    element.dataset[role] = sinkId;
    element.hidden = true;
    element.loop = true;
    element.src = url;
    document.body.append(element);
    // A device that went away rings on the default output rather than not at all.
    const routed = sinkId === 'default' ? Promise.resolve() : element.setSinkId(sinkId).catch(() => undefined);
    void routed.then(() => element.play()).catch(() => undefined);
    this.#teardown.push(() => {
      element.pause();
      element.removeAttribute('src');
      element.load();
      element.remove();
    });
  }
}

/**
 * One cycle of the pattern as a mono 16-bit PCM WAV file. The 44-byte RIFF header is written here: it is
 * all of the format this needs, smaller than any library that writes it.
 */
export function ringtoneWav(pattern: Pattern): ArrayBuffer {
  const cycleSeconds = pattern.steps.reduce((total, [on, off]) => total + on + off, 0);
  const samples = Math.round(cycleSeconds * SAMPLE_RATE);
  const buffer = new ArrayBuffer(44 + samples * 2);
  const view = new DataView(buffer);
  const ascii = (offset: number, text: string) => [...text].forEach((char, i) => view.setUint8(offset + i, char.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples * 2, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true); // size of the fmt chunk
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, SAMPLE_RATE, true);
  view.setUint32(28, SAMPLE_RATE * 2, true); // bytes per second
  view.setUint16(32, 2, true); // bytes per sample frame
  view.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  view.setUint32(40, samples * 2, true);
  const tones: Array<{ from: number; to: number }> = [];
  let at = 0;
  for (const [on, off] of pattern.steps) {
    tones.push({ from: at, to: at + on });
    at += on + off;
  }
  for (let i = 0; i < samples; i++) {
    const t = i / SAMPLE_RATE;
    const tone = tones.find(({ from, to }) => t >= from && t < to);
    if (!tone) continue; // silence: the buffer is zeroed
    const envelope = Math.min(1, (t - tone.from) / RAMP_SECONDS, (tone.to - t) / RAMP_SECONDS);
    const wave = pattern.frequencies.reduce((sum, frequency) => sum + Math.sin(2 * Math.PI * frequency * t), 0) / pattern.frequencies.length;
    view.setInt16(44 + i * 2, Math.round(wave * envelope * LEVEL * 0x7fff), true);
  }
  return buffer;
}

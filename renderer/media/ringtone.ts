// The ringtone, synthesised with Web Audio (no sound files to ship or allow in the CSP) and played through
// one <audio> element per output device, each routed with setSinkId: the ring device, and the default
// speaker too when the person asks for it. A private line rings with its own double pattern.

/** Frequencies and [seconds on, seconds off] steps of one cycle. */
const PATTERNS = {
  normal: { frequencies: [440, 480], steps: [[1.6, 2.4]] },
  privateLine: { frequencies: [523, 659], steps: [[0.4, 0.2], [0.4, 2.0]] },
} as const;

export type RingOptions = { sinkIds: readonly string[]; privateLine: boolean };

export class Ringtone {
  #context: AudioContext | undefined;
  /** Every ring plays into this one: Chromium keeps each MediaStream destination as long as its context. */
  #destination: MediaStreamAudioDestinationNode | undefined;
  #playing: string | undefined;
  /** Everything start() set up, undone synchronously by stop(): nothing outlives a stop. */
  #teardown: Array<() => void> = [];

  /** Starts ringing, or switches devices or pattern; nothing changes if it already rings just so. */
  start(options: RingOptions): void {
    const key = JSON.stringify(options);
    if (this.#playing === key) return;
    this.stop();
    this.#playing = key;
    // Nothing waits on the ringtone: large buffers wake the audio thread less often than interactive ones.
    const context = (this.#context ??= new AudioContext({ latencyHint: 'playback' }));
    void context.resume();
    const destination = (this.#destination ??= context.createMediaStreamDestination());
    const gain = context.createGain();
    gain.gain.value = 0;
    gain.connect(destination);
    const pattern = options.privateLine ? PATTERNS.privateLine : PATTERNS.normal;
    const oscillators = pattern.frequencies.map((frequency) => {
      const oscillator = context.createOscillator();
      oscillator.frequency.value = frequency;
      oscillator.connect(gain);
      oscillator.start();
      return oscillator;
    });
    const schedule = () => {
      let at = context.currentTime + 0.05;
      for (const [on, off] of pattern.steps) {
        gain.gain.setTargetAtTime(0.18, at, 0.01);
        gain.gain.setTargetAtTime(0, at + on, 0.02);
        at += on + off;
      }
    };
    schedule();
    const cycleSeconds = pattern.steps.reduce((total, [on, off]) => total + on + off, 0);
    const timer = setInterval(schedule, cycleSeconds * 1000);
    this.#teardown.push(() => {
      clearInterval(timer);
      for (const oscillator of oscillators) oscillator.stop();
      gain.disconnect();
    });
    for (const sinkId of options.sinkIds) this.#play(destination.stream, sinkId);
  }

  stop(): void {
    this.#playing = undefined;
    for (const undo of this.#teardown.splice(0)) undo();
    // A running context renders silence on the audio thread for as long as it lives: a few % of a core.
    if (this.#context?.state === 'running') void this.#context.suspend();
  }

  #play(stream: MediaStream, sinkId: string): void {
    const element = document.createElement('audio');
    element.dataset.ringtone = sinkId;
    element.hidden = true;
    element.srcObject = stream;
    document.body.append(element);
    // A device that went away rings on the default output rather than not at all.
    const routed = sinkId === 'default' ? Promise.resolve() : element.setSinkId(sinkId).catch(() => undefined);
    void routed.then(() => element.play()).catch(() => undefined);
    this.#teardown.push(() => {
      element.pause();
      element.srcObject = null;
      element.remove();
    });
  }
}

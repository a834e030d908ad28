import alawmulaw from 'alawmulaw';
import { PCMU_SAMPLE_RATE, SAMPLES_PER_PACKET, type AudioSource } from './pcmu.js';

/**
 * An endless 440 Hz tone (with a short pause each second, so it sounds like a test signal rather than
 * a fault), as G.711 µ-law payloads of 20 ms.
 */
export class ToneSource implements AudioSource {
  #sample = 0;

  constructor(
    private readonly frequencyHz = 440,
    private readonly amplitude = 0.3,
  ) {}

  nextPayload(): Buffer {
    const pcm = new Int16Array(SAMPLES_PER_PACKET);
    for (let i = 0; i < pcm.length; i++, this.#sample++) {
      const inPause = this.#sample % PCMU_SAMPLE_RATE >= PCMU_SAMPLE_RATE * 0.8;
      const value = inPause ? 0 : Math.sin((2 * Math.PI * this.frequencyHz * this.#sample) / PCMU_SAMPLE_RATE);
      pcm[i] = Math.round(value * this.amplitude * 32767);
    }
    return Buffer.from(alawmulaw.mulaw.encode(pcm));
  }
}

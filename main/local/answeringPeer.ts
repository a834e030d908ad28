import { MediaStreamTrack } from 'werift';
import { answerNewOffer, countReceivedRtp, createTestSignalPeer, gatheredLocalSdp, hearDigits, receivePcmu, type MediaCounts } from './media/loopbackPeer.js';
import { PACKET_MS } from './media/pcmu.js';
import { TestSignal, type Sending } from './media/testSignal.js';

/** The PCMU payloads kept of what the peer hears: the last second. */
const HEARD_PACKETS_KEPT = 1000 / PACKET_MS;

/**
 * What a test sees of the audio/video the user sent to the local service's answering side: a meeting's
 * media server (addAudioVideo) or a callee in its directory (startAudioVideo).
 */
export type AnsweringEndpoint = {
  readonly received: Readonly<MediaCounts>;
  readonly sent: Readonly<MediaCounts>;
  readonly connectionState: string;
  /** The user's offer (the invitation's mediaOffer) and the answer to it. */
  readonly offerSdp: string;
  readonly answerSdp: string;
  /** The last second of PCMU audio heard from the user, payloads in order. */
  heardPcmu(): Buffer;
  /** The DTMF digits heard from the user (RFC 4733 telephone-events), in order. */
  readonly digits: string;
  /** What it sends now: nothing of a medium the user holds. */
  readonly sending: Sending;
};

/** The media side of an invitation of the user's: answers their offer and their new offers (hold, resume). */
export type AnsweringMedia = AnsweringEndpoint & {
  answer(): Promise<string>;
  renegotiate(offerSdp: string): Promise<string>;
  close(): Promise<void>;
};

/**
 * The answering side of the user's offer: a werift peer that answers it, sends the test call's tone and
 * test pattern on whatever the user wants to receive once connected, and counts the RTP it receives.
 * Loopback only, like the test call.
 */
export class AnsweringPeer implements AnsweringMedia {
  readonly received = { audio: 0, video: 0 };
  readonly #pc = createTestSignalPeer();
  readonly #signal = new TestSignal();
  readonly #heard: Buffer[] = [];
  readonly #digits = hearDigits(this.#pc);
  #answerSdp = '';
  #answering: Promise<string> | undefined;
  #closed: Promise<void> | undefined;

  constructor(readonly offerSdp: string) {
    countReceivedRtp(this.#pc, this.received);
    receivePcmu(this.#pc, (payload) => {
      if (this.#heard.push(payload) > HEARD_PACKETS_KEPT) this.#heard.shift();
    });
  }

  get sent(): Readonly<MediaCounts> {
    return this.#signal.sent;
  }

  get answerSdp(): string {
    return this.#answerSdp;
  }

  get connectionState(): string {
    return this.#pc.connectionState;
  }

  get sending(): Sending {
    return this.#signal.sending;
  }

  /** The user's new offer in a connected call (hold, resume): answered, and the signal follows it. */
  async renegotiate(offerSdp: string): Promise<string> {
    const { answerSdp, sending } = await answerNewOffer(this.#pc, offerSdp);
    this.#signal.allow(sending);
    return answerSdp;
  }

  heardPcmu(): Buffer {
    return Buffer.concat(this.#heard);
  }

  get digits(): string {
    return this.#digits.digits;
  }

  /**
   * Answers the offer with PCMU (and telephone-event) and VP8 and every candidate gathered; rejects when the offer has a medium
   * with none of them (werift cannot answer it). May never settle when the peer closes meanwhile. The
   * same answer for every caller (early media's, then the final one).
   */
  answer(): Promise<string> {
    this.#answering ??= this.#answer();
    return this.#answering;
  }

  async #answer(): Promise<string> {
    await this.#pc.setRemoteDescription({ type: 'offer', sdp: this.offerSdp });
    const tracks: { audio?: MediaStreamTrack; video?: MediaStreamTrack } = {};
    for (const transceiver of this.#pc.getTransceivers()) {
      const { kind } = transceiver;
      const userReceives = transceiver.offerDirection === 'sendonly' || transceiver.offerDirection === 'sendrecv';
      if ((kind !== 'audio' && kind !== 'video') || !userReceives || tracks[kind]) continue;
      const track = new MediaStreamTrack({ kind });
      transceiver.setDirection('sendrecv');
      await transceiver.sender.replaceTrack(track);
      tracks[kind] = track;
    }
    this.#pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected') this.#signal.start(tracks);
    });
    await this.#pc.setLocalDescription(await this.#pc.createAnswer());
    this.#answerSdp = await gatheredLocalSdp(this.#pc);
    return this.#answerSdp;
  }

  /** Stops the signal and the peer; the same promise for every caller. */
  close(): Promise<void> {
    this.#signal.stop();
    this.#closed ??= this.#pc.close();
    return this.#closed;
  }
}

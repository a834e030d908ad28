import { MediaStreamTrack } from 'werift';
import { countReceivedRtp, createTestSignalPeer, gatheredLocalSdp, type MediaCounts } from './media/loopbackPeer.js';
import { TestSignal } from './media/testSignal.js';

/** What a test sees of the audio/video the user added to a meeting, as the meeting's media server has it. */
export type MeetingMediaEndpoint = {
  readonly received: Readonly<MediaCounts>;
  readonly sent: Readonly<MediaCounts>;
  readonly connectionState: string;
  /** The user's offer (addAudioVideo's mediaOffer) and the meeting's answer to it. */
  readonly offerSdp: string;
  readonly answerSdp: string;
};

/**
 * The meeting's media server for one user's audio/video: a werift peer that answers the user's offer,
 * sends the test call's tone and test pattern on whatever the user wants to receive once connected, and
 * counts the RTP it receives. Loopback only, like the test call.
 */
export class MeetingMediaPeer implements MeetingMediaEndpoint {
  readonly received = { audio: 0, video: 0 };
  readonly #pc = createTestSignalPeer();
  readonly #signal = new TestSignal();
  #answerSdp = '';
  #closed: Promise<void> | undefined;

  constructor(readonly offerSdp: string) {
    countReceivedRtp(this.#pc, this.received);
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

  /**
   * Answers the offer with PCMU and VP8 and every candidate gathered; rejects when the offer has a medium
   * with none of them (werift cannot answer it). May never settle when the peer closes meanwhile.
   */
  async answer(): Promise<string> {
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

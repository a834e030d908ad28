import { fileURLToPath } from 'node:url';
import sdpTransform from 'sdp-transform';
import {
  MediaStreamTrack,
  RTCPeerConnection,
  RTCRtpCodecParameters,
  RtpHeader,
  RtpPacket,
  type PeerConfig,
} from 'werift';
import { readIvf, type IvfVideo } from './media/ivf.js';
import { SAMPLES_PER_PACKET, ToneSource } from './media/tone.js';
import { packetizeVp8 } from './media/vp8.js';
import type { Person, RingContext } from './resources.js';
import type { CallerLeg, InvitationOutcome, LocalUcwaService } from './service.js';

// 3 s of ffmpeg's testsrc2 pattern, VP8 in IVF, a key frame every 15 frames, made with:
//   ffmpeg -f lavfi -i testsrc2=size=320x240:rate=15 -t 3 -c:v libvpx -g 15 -keyint_min 15 -b:v 300k \
//     -deadline realtime -cpu-used 8 -auto-alt-ref 0 -lag-in-frames 0 -f ivf test-pattern.ivf
// The build copies it beside the compiled module.
const TEST_PATTERN_PATH = fileURLToPath(new URL('./media/test-pattern.ivf', import.meta.url));
const VIDEO_CLOCK_RATE = 90_000;

let testPattern: IvfVideo | undefined;

export type TestCallOptions = {
  video: boolean;
  from?: Person;
  subject?: string;
  importance?: 'Normal' | 'Urgent' | 'Emergency';
  context?: RingContext;
};

const isLoopback = (host: string) => host.startsWith('127.') || host === '::1' || host === 'localhost';

/**
 * The caller on the other end of a test call: a real WebRTC peer (werift) that makes the offer, sends a
 * tone and a moving test pattern once connected, and counts the RTP it receives. It lives on this machine,
 * so it offers and accepts loopback candidates only.
 */
export class TestCallPeer {
  readonly received = { audio: 0, video: 0 };
  readonly sent = { audio: 0, video: 0 };
  /** The callee's answer, as the service handed it over from acceptWithAnswer. */
  answerSdp: string | undefined;
  /** The callee's early-media answer (sendProvisionalAnswer), if one came. */
  provisionalAnswerSdp: string | undefined;
  #answered: Promise<void> | undefined;
  readonly #pc: RTCPeerConnection;
  readonly #timers: NodeJS.Timeout[] = [];
  #leg: CallerLeg | undefined;

  private constructor(private readonly options: TestCallOptions) {
    const config: Partial<PeerConfig> = {
      iceServers: [],
      iceUseIpv6: false,
      iceInterfaceAddresses: { udp4: '127.0.0.1' },
      iceAdditionalHostAddresses: ['127.0.0.1'],
      iceFilterCandidatePair: (pair) => isLoopback(pair.remoteCandidate.host),
      iceFilterStunResponse: (_message, address) => isLoopback(address[0]),
      codecs: {
        audio: [new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, payloadType: 0 })],
        video: [
          new RTCRtpCodecParameters({
            mimeType: 'video/VP8',
            clockRate: VIDEO_CLOCK_RATE,
            payloadType: 96,
            rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }],
          }),
        ],
      },
    };
    this.#pc = new RTCPeerConnection(config);
  }

  /** Places a call to the service's user; resolves once the invitation is ringing. */
  static async call(service: LocalUcwaService, options: TestCallOptions): Promise<TestCallPeer> {
    const peer = new TestCallPeer(options);
    await peer.#dial(service);
    return peer;
  }

  get outcome(): Promise<InvitationOutcome> {
    return this.#requireLeg().outcome;
  }

  get ended(): Promise<'callee' | 'caller'> {
    return this.#requireLeg().ended;
  }

  get connectionState(): string {
    return this.#pc.connectionState;
  }

  cancel(): void {
    this.#requireLeg().cancel();
  }

  hangUp(): void {
    this.#requireLeg().hangUp();
  }

  async close(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers.length = 0;
    await this.#pc.close();
  }

  async #dial(service: LocalUcwaService): Promise<void> {
    const audio = new MediaStreamTrack({ kind: 'audio' });
    this.#pc.addTransceiver(audio, { direction: 'sendrecv' });
    const video = this.options.video ? new MediaStreamTrack({ kind: 'video' }) : undefined;
    if (video) this.#pc.addTransceiver(video, { direction: 'sendrecv' });
    this.#pc.onTrack.subscribe((track) => {
      const kind = track.kind === 'video' ? 'video' : 'audio';
      track.onReceiveRtp.subscribe(() => this.received[kind]++);
    });

    await this.#pc.setLocalDescription(await this.#pc.createOffer());
    if (this.#pc.iceGatheringState !== 'complete') {
      await this.#pc.iceGatheringStateChange.watch((state) => state === 'complete', 10_000);
    }
    const offerSdp = keepLoopbackCandidates(this.#pc.localDescription?.sdp ?? '');

    this.#pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected') this.#startMedia(audio, video);
    });
    this.#leg = service.placeCall({
      from: this.options.from ?? { name: 'Test Call', uri: 'sip:testcall@softphone.local' },
      subject: this.options.subject ?? 'Sound and video check',
      importance: this.options.importance ?? 'Normal',
      offerSdp,
      ...(this.options.context && { context: this.options.context }),
      // Early media as SIP has it (RFC 3262): a provisional answer is the answer, so media connects while
      // it rings, and the final answer must repeat it.
      acceptProvisionalAnswer: (sdp) => {
        this.provisionalAnswerSdp = sdp;
        this.#answered = this.#pc.setRemoteDescription({ type: 'answer', sdp });
        this.#answered.catch(() => undefined);
      },
      acceptAnswer: async (sdp) => {
        this.answerSdp = sdp;
        if (this.#answered === undefined) return this.#pc.setRemoteDescription({ type: 'answer', sdp });
        if (sdp !== this.provisionalAnswerSdp) throw new Error('The final answer differs from the early-media answer');
        await this.#answered;
      },
    });
    void this.#leg.ended.then(() => this.close());
  }

  #startMedia(audio: MediaStreamTrack, video: MediaStreamTrack | undefined): void {
    if (this.#timers.length) return;
    const tone = new ToneSource();
    let audioSeq = 0;
    let audioTs = 0;
    this.#timers.push(
      setInterval(() => {
        const header = new RtpHeader({ sequenceNumber: audioSeq++ & 0xffff, timestamp: audioTs >>> 0, marker: false });
        audioTs += SAMPLES_PER_PACKET;
        audio.writeRtp(new RtpPacket(header, tone.nextPayload()));
        this.sent.audio++;
      }, 20),
    );
    if (!video) return;
    testPattern ??= readIvf(TEST_PATTERN_PATH);
    const pattern = testPattern;
    let frame = 0;
    let videoSeq = 0;
    this.#timers.push(
      setInterval(() => {
        const payloads = packetizeVp8(pattern.frames[frame % pattern.frames.length] ?? Buffer.alloc(0));
        const timestamp = Math.round((frame * VIDEO_CLOCK_RATE) / pattern.frameRate) >>> 0;
        payloads.forEach((payload, i) => {
          const header = new RtpHeader({ sequenceNumber: videoSeq++ & 0xffff, timestamp, marker: i === payloads.length - 1 });
          video.writeRtp(new RtpPacket(header, payload));
          this.sent.video++;
        });
        frame++;
      }, 1000 / pattern.frameRate),
    );
  }

  #requireLeg(): CallerLeg {
    if (!this.#leg) throw new Error('The test call has not been placed');
    return this.#leg;
  }
}

/** Drops every candidate that is not on loopback from an SDP. */
export function keepLoopbackCandidates(sdp: string): string {
  const session = sdpTransform.parse(sdp);
  for (const media of session.media) {
    if (media.candidates) media.candidates = media.candidates.filter((candidate) => isLoopback(candidate.ip));
  }
  return sdpTransform.write(session);
}

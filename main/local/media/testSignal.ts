import { fileURLToPath } from 'node:url';
import { RtpHeader, RtpPacket, type MediaStreamTrack } from 'werift';
import { readIvf, type IvfVideo } from './ivf.js';
import { PACKET_MS, SAMPLES_PER_PACKET, type AudioSource } from './pcmu.js';
import { ToneSource } from './tone.js';
import { packetizeVp8, VIDEO_CLOCK_RATE } from './vp8.js';

// 3 s of ffmpeg's testsrc2 pattern, VP8 in IVF, a key frame every 15 frames, made with:
//   ffmpeg -f lavfi -i testsrc2=size=320x240:rate=15 -t 3 -c:v libvpx -g 15 -keyint_min 15 -b:v 300k \
//     -deadline realtime -cpu-used 8 -auto-alt-ref 0 -lag-in-frames 0 -f ivf test-pattern.ivf
// The build copies it beside the compiled module.
const TEST_PATTERN_PATH = fileURLToPath(new URL('./test-pattern.ivf', import.meta.url));

let testPattern: IvfVideo | undefined;

/** Per medium: whether it is sent. */
export type Sending = { audio: boolean; video: boolean };

/**
 * What the local service's peers send once connected: a tone (or the audio source given) on the audio
 * track and the moving test pattern on the video track, as RTP, counting the packets sent. Each medium
 * pauses while the negotiated direction does not let this side send (RFC 3264: recvonly or inactive, as
 * on hold); a paused source is not asked for payloads.
 */
export class TestSignal {
  readonly sent = { audio: 0, video: 0 };
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #started: Sending = { audio: false, video: false };
  readonly #allowed: Sending = { audio: true, video: true };

  constructor(private readonly audioSource: AudioSource = new ToneSource()) {}

  /** Starts sending on the tracks given; does nothing while it is already sending. */
  start({ audio, video }: { audio?: MediaStreamTrack | undefined; video?: MediaStreamTrack | undefined }): void {
    if (this.#timers.length) return;
    if (audio) this.#sendAudio(audio);
    if (video) this.#sendTestPattern(video);
    Object.assign(this.#started, { audio: audio !== undefined, video: video !== undefined });
  }

  /** Pauses or resumes each medium as the latest negotiation allows; a paused medium's RTP clock keeps running. */
  allow(sendable: Sending): void {
    Object.assign(this.#allowed, sendable);
  }

  /** What goes out now: started and allowed. */
  get sending(): Sending {
    return { audio: this.#started.audio && this.#allowed.audio, video: this.#started.video && this.#allowed.video };
  }

  stop(): void {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers.length = 0;
    Object.assign(this.#started, { audio: false, video: false });
  }

  #sendAudio(track: MediaStreamTrack): void {
    let sequenceNumber = 0;
    let timestamp = 0;
    this.#timers.push(
      setInterval(() => {
        if (this.#allowed.audio) {
          const header = new RtpHeader({ sequenceNumber: sequenceNumber++ & 0xffff, timestamp: timestamp >>> 0, marker: false });
          track.writeRtp(new RtpPacket(header, this.audioSource.nextPayload(performance.now())));
          this.sent.audio++;
        }
        timestamp += SAMPLES_PER_PACKET;
      }, PACKET_MS),
    );
  }

  #sendTestPattern(track: MediaStreamTrack): void {
    testPattern ??= readIvf(TEST_PATTERN_PATH);
    const pattern = testPattern;
    let frame = 0;
    let sequenceNumber = 0;
    this.#timers.push(
      setInterval(() => {
        if (this.#allowed.video) {
          const payloads = packetizeVp8(pattern.frames[frame % pattern.frames.length] ?? Buffer.alloc(0));
          const timestamp = Math.round((frame * VIDEO_CLOCK_RATE) / pattern.frameRate) >>> 0;
          payloads.forEach((payload, i) => {
            const header = new RtpHeader({ sequenceNumber: sequenceNumber++ & 0xffff, timestamp, marker: i === payloads.length - 1 });
            track.writeRtp(new RtpPacket(header, payload));
            this.sent.video++;
          });
        }
        frame++;
      }, 1000 / pattern.frameRate),
    );
  }
}

import { fileURLToPath } from 'node:url';
import { RtpHeader, RtpPacket, type MediaStreamTrack } from 'werift';
import { readIvf, type IvfVideo } from './ivf.js';
import { SAMPLES_PER_PACKET, ToneSource } from './tone.js';
import { packetizeVp8, VIDEO_CLOCK_RATE } from './vp8.js';

// 3 s of ffmpeg's testsrc2 pattern, VP8 in IVF, a key frame every 15 frames, made with:
//   ffmpeg -f lavfi -i testsrc2=size=320x240:rate=15 -t 3 -c:v libvpx -g 15 -keyint_min 15 -b:v 300k \
//     -deadline realtime -cpu-used 8 -auto-alt-ref 0 -lag-in-frames 0 -f ivf test-pattern.ivf
// The build copies it beside the compiled module.
const TEST_PATTERN_PATH = fileURLToPath(new URL('./test-pattern.ivf', import.meta.url));

let testPattern: IvfVideo | undefined;

/**
 * What the local service's peers send once connected: a tone on the audio track and the moving test
 * pattern on the video track, as RTP, counting the packets sent.
 */
export class TestSignal {
  readonly sent = { audio: 0, video: 0 };
  readonly #timers: NodeJS.Timeout[] = [];

  /** Starts sending on the tracks given; does nothing while it is already sending. */
  start({ audio, video }: { audio?: MediaStreamTrack | undefined; video?: MediaStreamTrack | undefined }): void {
    if (this.#timers.length) return;
    if (audio) this.#sendTone(audio);
    if (video) this.#sendTestPattern(video);
  }

  stop(): void {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers.length = 0;
  }

  #sendTone(track: MediaStreamTrack): void {
    const tone = new ToneSource();
    let sequenceNumber = 0;
    let timestamp = 0;
    this.#timers.push(
      setInterval(() => {
        const header = new RtpHeader({ sequenceNumber: sequenceNumber++ & 0xffff, timestamp: timestamp >>> 0, marker: false });
        timestamp += SAMPLES_PER_PACKET;
        track.writeRtp(new RtpPacket(header, tone.nextPayload()));
        this.sent.audio++;
      }, 20),
    );
  }

  #sendTestPattern(track: MediaStreamTrack): void {
    testPattern ??= readIvf(TEST_PATTERN_PATH);
    const pattern = testPattern;
    let frame = 0;
    let sequenceNumber = 0;
    this.#timers.push(
      setInterval(() => {
        const payloads = packetizeVp8(pattern.frames[frame % pattern.frames.length] ?? Buffer.alloc(0));
        const timestamp = Math.round((frame * VIDEO_CLOCK_RATE) / pattern.frameRate) >>> 0;
        payloads.forEach((payload, i) => {
          const header = new RtpHeader({ sequenceNumber: sequenceNumber++ & 0xffff, timestamp, marker: i === payloads.length - 1 });
          track.writeRtp(new RtpPacket(header, payload));
          this.sent.video++;
        });
        frame++;
      }, 1000 / pattern.frameRate),
    );
  }
}

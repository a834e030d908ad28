// The local service's Skype for Business user: a callee who, like an SfB client or the Mediation Server
// (ucwa-protocol.md §5), takes only the SfB dialect: RTP/SAVP (or RTP/AVP) keyed by SDES `a=crypto`,
// MS-ICE2 credentials and candidates, no DTLS. A WebRTC-dialect offer (a DTLS fingerprint, no usable
// `a=crypto`) is refused as an SfB client refuses it: the invitation fails with MediaEncryptionMismatch.
// An SDES offer is answered with PCMU (and telephone-event when offered) on loopback; once ICE connects
// it sends its own tone and decodes what it hears, DTMF digits included.
import sdpTransform, { type MediaDescription } from 'sdp-transform';
import { parseSdesKey } from '../bridge/sdes.js';
import type { AnsweringMedia } from './answeringPeer.js';
import { PCMU_PAYLOAD_TYPE } from './media/pcmu.js';
import { SdesEndpoint, sfbKey } from './media/sdesEndpoint.js';
import type { Sending } from './media/testSignal.js';
import { CalleeRefusal, ENCRYPTION_MISMATCH, UNSUPPORTED_MEDIA } from './outgoingInvitation.js';

/** The SfB callee's tone, apart from the test call's 440 Hz and the tests' renderer's 1 kHz. */
export const SFB_CALLEE_TONE_HZ = 700;

const SDES_PROTOCOLS: readonly string[] = ['RTP/SAVP', 'RTP/AVP'];
const MIRRORED = { sendrecv: 'sendrecv', sendonly: 'recvonly', recvonly: 'sendonly', inactive: 'inactive' } as const;

export class SfbCallee implements AnsweringMedia {
  #media: SdesEndpoint | undefined;
  #answerSdp = '';
  #answering: Promise<string> | undefined;
  #connected = false;
  #closed = false;

  constructor(readonly offerSdp: string) {}

  get received(): { audio: number; video: number } {
    return { audio: this.#media?.received.rtp ?? 0, video: 0 };
  }

  get sent(): { audio: number; video: number } {
    return { audio: this.#media?.sentRtp ?? 0, video: 0 };
  }

  get connectionState(): string {
    return this.#closed ? 'closed' : this.#connected ? 'connected' : 'new';
  }

  get answerSdp(): string {
    return this.#answerSdp;
  }

  get sending(): Sending {
    return { audio: this.#connected && (this.#media?.sending ?? false), video: false };
  }

  /** The DTMF digits heard from the user (RFC 4733 telephone-events), in order. */
  get digits(): string {
    return this.#media?.digits ?? '';
  }

  heardPcmu(): Buffer {
    return this.#media?.heardPcmu() ?? Buffer.alloc(0);
  }

  /** Answers in the SfB dialect, or rejects with a CalleeRefusal; the same answer for every caller. */
  answer(): Promise<string> {
    this.#answering ??= this.#answer();
    return this.#answering;
  }

  /** The user's new offer (hold, resume): the first answer again, the direction mirrored. */
  async renegotiate(offerSdp: string): Promise<string> {
    const direction = sdpTransform.parse(offerSdp).media.find((m) => m.type === 'audio')?.direction ?? 'sendrecv';
    if (this.#media) this.#media.sending = MIRRORED[direction] === 'sendrecv' || MIRRORED[direction] === 'sendonly';
    return this.#answerSdp.replace(/^(m=audio .*\r\n)/m, `$1a=${MIRRORED[direction]}\r\n`);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#media?.close();
  }

  async #answer(): Promise<string> {
    const session = sdpTransform.parse(this.offerSdp);
    const audio = session.media.find((m) => m.type === 'audio' && m.port !== 0);
    const tag = audio?.crypto?.find((line) => parseSdesKey(line) !== undefined)?.id;
    if (!audio || tag === undefined || !SDES_PROTOCOLS.includes(String(audio.protocol)) || /^a=fingerprint:/m.test(this.offerSdp)) {
      throw new CalleeRefusal(ENCRYPTION_MISMATCH);
    }
    const events = (audio.rtp ?? []).find((rtp) => rtp.codec.toLowerCase() === 'telephone-event' && rtp.rate === 8000)?.payload;
    if (
      !String(audio.payloads ?? '')
        .split(' ')
        .includes(String(PCMU_PAYLOAD_TYPE))
    ) {
      throw new CalleeRefusal(UNSUPPORTED_MEDIA);
    }
    const rtcpMux = audio.rtcpMux !== undefined;
    const media = await SdesEndpoint.gather({ controlling: false, rtcpMux, toneHz: SFB_CALLEE_TONE_HZ, key: sfbKey(tag) });
    this.#media = media;
    if (events !== undefined) media.telephoneEvents.add(events);
    if (this.#closed) await media.close();
    this.#answerSdp = this.#write(media, session.media, audio, rtcpMux, events);
    void media.connect(this.offerSdp).then(
      () => (this.#connected = true),
      () => undefined,
    );
    return this.#answerSdp;
  }

  #write(media: SdesEndpoint, offered: MediaDescription[], audio: MediaDescription, rtcpMux: boolean, events: number | undefined): string {
    const { rtp, rtcp } = media.ports;
    const payloads = [PCMU_PAYLOAD_TYPE, ...(events === undefined ? [] : [events])];
    const audioLines = [
      `m=audio ${rtp} ${String(audio.protocol)} ${payloads.join(' ')}`,
      `a=x-ssrc-range:${media.ssrc}-${media.ssrc}`,
      'a=label:main-audio',
      ...media.iceLines(),
      `a=crypto:${media.key.tag} AES_CM_128_HMAC_SHA1_80 ${media.inlineKey()}`,
      `a=rtcp:${rtcp}`,
      'a=rtpmap:0 PCMU/8000',
      ...(events === undefined ? [] : [`a=rtpmap:${events} telephone-event/8000`, `a=fmtp:${events} 0-16`]),
      ...(rtcpMux ? ['a=rtcp-mux'] : []),
      'a=ptime:20',
    ];
    // Every other m-line (video: SfB's video codecs are not the user's) is declined with port 0.
    const declined = (m: MediaDescription) => `m=${m.type} 0 ${String(m.protocol)} ${String(m.payloads ?? '')}`;
    const lines = offered.flatMap((m) => (m === audio ? audioLines : [declined(m)]));
    return ['v=0', 'o=- 0 0 IN IP4 127.0.0.1', 's=session', 'c=IN IP4 127.0.0.1', 'b=CT:99980', 't=0 0', ...lines, ''].join('\r\n');
  }
}

// A caller that speaks the Skype for Business dialect over the local service, shaped like the real SfB
// 2016 offer (shared/notes/ucwa-protocol.md §5): RTP/SAVP, SDES `a=crypto` with a one-byte MKI,
// MS-ICE2 credentials and UDP host candidates on 127.0.0.1 plus a TCP-PASS one to be skipped,
// `a=x-ssrc-range`, SILK/x-msrta/G722/PCMU/PCMA/CN/telephone-event, no fingerprint. Its ICE is werift's
// agent (controlling, as the offerer); it sends a 440 Hz PCMU tone and an SR each second, decodes what it
// hears (and the DTMF digits), and notes the RTCP BYEs it receives. It can also misbehave: encrypt with
// another key than the one it offered, and send a packet again.
import alawmulaw from 'alawmulaw';
import sdpTransform from 'sdp-transform';
import type { SdesKey } from '../../main/bridge/sdes.js';
import { PCMU_SAMPLE_RATE } from '../../main/local/media/pcmu.js';
import { SdesEndpoint, sfbKey } from '../../main/local/media/sdesEndpoint.js';
import type { Person } from '../../main/local/resources.js';
import type { PlacedCall, LocalUcwaService } from '../../main/local/service.js';
import { toneShare } from './goertzel.js';
import { keyPressPackets } from './telephoneEvents.js';

export const SFB_CALLER_TONE_HZ = 440;

export type SfbCallOptions = {
  from?: Person;
  /** Offer rtcp-mux (as SfB clients do) or make RTCP use its own component. */
  rtcpMux?: boolean;
  /** Offer video too, which the bridge declines. */
  video?: boolean;
  /** Changes the offer before it is placed (a bad key, no candidates, no common codec, a Lync multipart body). */
  alterOffer?: (sdp: string) => string;
  /** The offer's media type as the mediaOffer link names it (a Lync multipart offer's); application/sdp otherwise. */
  offerMediaType?: string;
  /** Changes this caller's answers to the callee's new offers (fewer codecs, new keys). */
  alterAnswers?: (sdp: string) => string;
  /** Encrypts with this key instead of the one it offers. */
  sendKey?: SdesKey;
};

export class SfbCaller {
  /** The offer as placed. */
  offerSdp = '';
  /** The answer as the service handed it over (sendProvisionalAnswer or acceptWithAnswer). */
  answerSdp: string | undefined;
  /** The callee's new offers (hold, resume), as received. */
  readonly offersFromCallee: string[] = [];
  #connecting: Promise<void> | undefined;
  #leg: PlacedCall | undefined;

  private constructor(private readonly media: SdesEndpoint) {}

  static async call(service: LocalUcwaService, options: SfbCallOptions = {}): Promise<SfbCaller> {
    const rtcpMux = options.rtcpMux ?? true;
    const media = await SdesEndpoint.gather({
      controlling: true,
      rtcpMux,
      toneHz: SFB_CALLER_TONE_HZ,
      key: sfbKey(2),
      ...(options.sendKey && { sendKey: options.sendKey }),
    });
    const caller = new SfbCaller(media);
    caller.offerSdp = (options.alterOffer ?? ((sdp) => sdp))(caller.#offer(rtcpMux, options.video ?? false));
    media.telephoneEvents = telephoneEventTypes(caller.offerSdp);
    const handOver = (sdp: string) => {
      if (caller.answerSdp !== undefined && sdp !== caller.answerSdp) throw new Error('The final answer differs from the early-media answer');
      caller.answerSdp = sdp;
      caller.#connecting ??= media.connect(sdp);
      caller.#connecting.catch(() => undefined);
    };
    caller.#leg = service.placeCall({
      from: options.from ?? { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' },
      subject: 'From Skype for Business',
      offerSdp: caller.offerSdp,
      ...(options.offerMediaType !== undefined && { offerMediaType: options.offerMediaType }),
      acceptProvisionalAnswer: handOver,
      acceptAnswer: async (sdp) => handOver(sdp),
      renegotiate: async (offerSdp) => (options.alterAnswers ?? ((sdp) => sdp))(caller.#answerNewOffer(offerSdp)),
    });
    // Once the call ended it sends nothing more, but still hears what comes (a BYE) until it is closed.
    void caller.#leg.ended.then(() => media.stopSending());
    return caller;
  }

  get leg(): PlacedCall {
    if (!this.#leg) throw new Error('The call has not been placed');
    return this.#leg;
  }

  get ssrc(): number {
    return this.media.ssrc;
  }

  get key(): SdesKey {
    return this.media.key;
  }

  /** RTP packets received and decrypted, and those that did not authenticate. */
  get received(): { rtp: number; failed: number } {
    return this.media.received;
  }

  /** RTCP sender and receiver reports received, and how many of their blocks were about this caller's stream. */
  get reports(): { packets: number; aboutUs: number } {
    return this.media.reports;
  }

  /** The SSRCs RTCP BYE packets said goodbye for. */
  get byes(): number[] {
    return this.media.byes;
  }

  /** Resolves once ICE connected and the tone is being sent. */
  get connected(): Promise<void> {
    return this.#connecting ?? Promise.reject(new Error('No answer came'));
  }

  /** The share of the last second heard at `frequency`, decoded from PCMU (Goertzel). */
  heardShare(frequency: number): number {
    return toneShare(alawmulaw.mulaw.decode(this.media.heardPcmu()), PCMU_SAMPLE_RATE, frequency);
  }

  /** The DTMF digits heard (RFC 4733 telephone-events), in order. */
  get digits(): string {
    return this.media.digits;
  }

  /** Sends `keys` as DTMF (RFC 4733) on the telephone-event payload type it offered, in place of the tone, which stops. */
  sendKeys(keys: string): Promise<void> {
    const [payloadType] = this.media.telephoneEvents;
    if (payloadType === undefined) throw new Error('No telephone-event offered');
    return this.media.sendInStream((stream) => keyPressPackets(keys, payloadType, stream));
  }

  /**
   * A new offer in the connected call, as an SfB client holds (`sendonly`) or resumes (`sendrecv`): the
   * first offer again with the direction, through the service's renegotiation; resolves with the answer.
   */
  reoffer(direction: 'sendonly' | 'sendrecv', alter: (sdp: string) => string = (sdp) => sdp): Promise<string> {
    const offer = this.offerSdp.replace(/^(m=audio .*\r\n)/m, `$1a=${direction}\r\n`);
    return this.leg.renegotiate(alter(offer));
  }

  /** Answers the callee's new offer as an SfB client: its own offer again, the direction mirrored, same keys and ICE. */
  #answerNewOffer(offerSdp: string): string {
    this.offersFromCallee.push(offerSdp);
    const direction = sdpTransform.parse(offerSdp).media.find((m) => m.type === 'audio')?.direction ?? 'sendrecv';
    const mirrored = { sendrecv: 'sendrecv', sendonly: 'recvonly', recvonly: 'sendonly', inactive: 'inactive' }[direction];
    this.media.sending = mirrored === 'sendrecv' || mirrored === 'sendonly';
    return this.offerSdp.replace(/^(m=audio .*\r\n)/m, `$1a=${mirrored}\r\n`);
  }

  /** Sends the last RTP datagram again `times` times, as an attacker who captured it would. */
  replayLast(times: number): Promise<void> {
    return this.media.replayLast(times);
  }

  /** Stops sending and closes the sockets. */
  close(): Promise<void> {
    return this.media.close();
  }

  #offer(rtcpMux: boolean, video: boolean): string {
    const { rtp, rtcp } = this.media.ports;
    const inline = this.media.inlineKey();
    const ice = [...this.media.iceLines(), `a=candidate:2 1 TCP-PASS 174456319 127.0.0.1 9 typ host`];
    return [
      'v=0',
      'o=- 0 0 IN IP4 127.0.0.1',
      's=session',
      'c=IN IP4 127.0.0.1',
      'b=CT:99980',
      't=0 0',
      `a=x-devicecaps:audio:send,recv;video:${video ? 'send,recv' : 'recv'}`,
      `m=audio ${rtp} RTP/SAVP 117 104 114 0 9 8 13 101`,
      `a=x-ssrc-range:${this.ssrc}-${this.ssrc}`,
      'a=rtcp-fb:* x-message app send:dsh recv:dsh',
      'a=rtcp-rsize',
      'a=label:main-audio',
      'a=x-source:main-audio',
      ...ice,
      `a=cryptoscale:1 client AES_CM_128_HMAC_SHA1_80 ${inline}`,
      `a=crypto:2 AES_CM_128_HMAC_SHA1_80 ${inline}`,
      'a=maxptime:200',
      `a=rtcp:${rtcp}`,
      'a=rtpmap:117 G722/8000/2',
      'a=rtpmap:104 SILK/16000',
      'a=fmtp:104 useinbandfec=1; usedtx=0',
      'a=rtpmap:114 x-msrta/16000',
      'a=fmtp:114 bitrate=29000',
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:9 G722/8000',
      'a=rtpmap:8 PCMA/8000',
      'a=rtpmap:13 CN/8000',
      'a=rtpmap:101 telephone-event/8000',
      'a=fmtp:101 0-16',
      ...(rtcpMux ? ['a=rtcp-mux'] : []),
      'a=ptime:20',
      ...(video
        ? [
            `m=video ${rtp} RTP/SAVP 122 121 123`,
            'a=x-ssrc-range:2029455533-2029455632',
            'a=label:main-video',
            ...ice,
            `a=crypto:2 AES_CM_128_HMAC_SHA1_80 ${inline}`,
            'a=rtpmap:122 X-H264UC/90000',
            'a=rtpmap:121 x-rtvc1/90000',
            'a=rtpmap:123 x-ulpfecuc/90000',
          ]
        : []),
      '',
    ].join('\r\n');
  }
}

/** The telephone-event payload types of an SDP's audio; an answer takes the offer's (RFC 3264 §6.1). */
export function telephoneEventTypes(sdp: string): Set<number> {
  const audio = sdpTransform.parse(sdp).media.filter((m) => m.type === 'audio');
  return new Set(audio.flatMap((m) => m.rtp.filter((rtp) => rtp.codec.toLowerCase() === 'telephone-event').map((rtp) => rtp.payload)));
}

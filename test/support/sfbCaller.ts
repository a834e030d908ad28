// A caller that speaks the Skype for Business dialect over the local service, shaped like the real SfB
// 2016 offer (shared/notes/ucwa-protocol.md §5): RTP/SAVP, SDES `a=crypto` with a one-byte MKI,
// MS-ICE2 credentials and UDP host candidates on 127.0.0.1 plus a TCP-PASS one to be skipped,
// `a=x-ssrc-range`, SILK/x-msrta/G722/PCMU/PCMA/CN/telephone-event, no fingerprint. Its ICE is werift's
// agent (controlling, as the offerer); it sends a 440 Hz PCMU tone and an SR each second, decodes what it
// hears (and the DTMF digits), and notes the RTCP BYEs it receives. It can also misbehave: encrypt with
// another key than the one it offered, and send a packet again.
import { randomInt } from 'node:crypto';
import alawmulaw from 'alawmulaw';
import sdpTransform from 'sdp-transform';
import {
  Candidate,
  Connection,
  isRtcp,
  RtcpPacketConverter,
  RtcpSenderInfo,
  RtcpSrPacket,
  RtpHeader,
  RtpPacket,
  type IceOptions,
  type RtcpPacket,
} from 'werift';
import { freshSdesKey, parseSdesKey, type SdesKey } from '../../main/bridge/sdes.js';
import { SdesSrtp } from '../../main/bridge/sdesSrtp.js';
import { DigitsHeard } from '../../main/local/media/telephoneEvent.js';
import { PACKET_MS, PCMU_PAYLOAD_TYPE, PCMU_SAMPLE_RATE, SAMPLES_PER_PACKET } from '../../main/local/media/pcmu.js';
import { ToneSource } from '../../main/local/media/tone.js';
import type { Person } from '../../main/local/resources.js';
import type { PlacedCall, LocalUcwaService } from '../../main/local/service.js';
import { toneShare } from './goertzel.js';
import { keyPressPackets, type StreamPosition } from './telephoneEvents.js';

export const SFB_CALLER_TONE_HZ = 440;
const RTCP_BYE = 203;
const HEARD_KEPT = PCMU_SAMPLE_RATE * 2;

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

const LOOPBACK_ICE: Partial<IceOptions> = {
  useIpv4: true,
  useIpv6: false,
  interfaceAddresses: { udp4: '127.0.0.1' },
  additionalHostAddresses: ['127.0.0.1'],
  filterCandidatePair: (pair) => pair.remoteCandidate.host.startsWith('127.'),
};

export class SfbCaller {
  readonly ssrc = randomInt(1, 2 ** 32 - 1);
  readonly key: SdesKey = { ...freshSdesKey(2), mki: { value: 1, length: 1 } };
  /** The offer as placed. */
  offerSdp = '';
  /** The answer as the service handed it over (sendProvisionalAnswer or acceptWithAnswer). */
  answerSdp: string | undefined;
  /** The callee's new offers (hold, resume), as received. */
  readonly offersFromCallee: string[] = [];
  /** RTP packets received and decrypted, and those that did not authenticate. */
  readonly received = { rtp: 0, failed: 0 };
  /** RTCP sender and receiver reports received, and how many of their blocks were about this caller's stream. */
  readonly reports = { packets: 0, aboutUs: 0 };
  /** The SSRCs RTCP BYE packets said goodbye for. */
  readonly byes: number[] = [];
  readonly #heard: number[] = [];
  /** The telephone-event payload types of the offer as placed: the answer takes the offer's (RFC 3264 §6.1). */
  #telephoneEvents = new Set<number>();
  readonly #digits = new DigitsHeard((payloadType) => this.#telephoneEvents.has(payloadType));
  readonly #tone = new ToneSource(SFB_CALLER_TONE_HZ);
  readonly #timers: NodeJS.Timeout[] = [];
  /** Where the audio stream it sends is. */
  readonly #stream: StreamPosition = { ssrc: this.ssrc, sequenceNumber: randomInt(0, 0xffff), timestamp: randomInt(0, 2 ** 31) };
  #srtp: SdesSrtp | undefined;
  /** Whether the tone goes out: not while this caller's last answer said it only receives (it is held). */
  #sending = true;
  #connecting: Promise<void> | undefined;
  #leg: PlacedCall | undefined;
  /** The last RTP datagram sent, as it went on the wire. */
  #lastSent: Buffer | undefined;

  private constructor(
    private readonly agents: { rtp: Connection; rtcp?: Connection },
    private readonly sendKey: SdesKey | undefined,
  ) {}

  static async call(service: LocalUcwaService, options: SfbCallOptions = {}): Promise<SfbCaller> {
    const rtcpMux = options.rtcpMux ?? true;
    const agent = () => {
      const connection = new Connection(true, LOOPBACK_ICE);
      connection.stunServer = undefined;
      return connection;
    };
    const rtp = agent();
    const rtcp = rtcpMux ? undefined : agent();
    if (rtcp) Object.assign(rtcp, { localUsername: rtp.localUsername, localPassword: rtp.localPassword });
    const caller = new SfbCaller(rtcp ? { rtp, rtcp } : { rtp }, options.sendKey);
    await Promise.all([rtp.gatherCandidates(), rtcp?.gatherCandidates()]);
    caller.offerSdp = (options.alterOffer ?? ((sdp) => sdp))(caller.#offer(rtcpMux, options.video ?? false));
    caller.#telephoneEvents = telephoneEventTypes(caller.offerSdp);
    const handOver = (sdp: string) => {
      if (caller.answerSdp !== undefined && sdp !== caller.answerSdp) throw new Error('The final answer differs from the early-media answer');
      caller.answerSdp = sdp;
      caller.#connecting ??= caller.#connect(sdp);
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
    void caller.#leg.ended.then(() => caller.#stopSending());
    return caller;
  }

  get leg(): PlacedCall {
    if (!this.#leg) throw new Error('The call has not been placed');
    return this.#leg;
  }

  /** Resolves once ICE connected and the tone is being sent. */
  get connected(): Promise<void> {
    return this.#connecting ?? Promise.reject(new Error('No answer came'));
  }

  /** The share of the last second heard at `frequency`, decoded from PCMU (Goertzel). */
  heardShare(frequency: number): number {
    return toneShare(this.#heard.slice(-PCMU_SAMPLE_RATE), PCMU_SAMPLE_RATE, frequency);
  }

  /** The DTMF digits heard (RFC 4733 telephone-events), in order. */
  get digits(): string {
    return this.#digits.digits;
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
    this.#sending = mirrored === 'sendrecv' || mirrored === 'sendonly';
    return this.offerSdp.replace(/^(m=audio .*\r\n)/m, `$1a=${mirrored}\r\n`);
  }

  /** Sends the last RTP datagram again `times` times, as an attacker who captured it would. */
  async replayLast(times: number): Promise<void> {
    const datagram = this.#lastSent;
    if (!datagram) throw new Error('Nothing was sent yet');
    for (let i = 0; i < times; i++) await this.agents.rtp.send(datagram);
  }

  /** Sends `keys` as DTMF (RFC 4733) on the telephone-event payload type it offered, in place of the tone, which stops. */
  async sendKeys(keys: string): Promise<void> {
    const [payloadType] = this.#telephoneEvents;
    if (!this.#srtp || payloadType === undefined) throw new Error('Not connected, or no telephone-event offered');
    this.#stopSending();
    for (const { header, payload } of keyPressPackets(keys, payloadType, this.#stream)) await this.agents.rtp.send(this.#srtp.protectRtp(header, payload));
  }

  /** Stops sending and closes the sockets. */
  async close(): Promise<void> {
    this.#stopSending();
    await Promise.all(Object.values(this.agents).map((agent) => agent.close()));
  }

  #stopSending(): void {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers.length = 0;
  }

  #offer(rtcpMux: boolean, video: boolean): string {
    const rtp = this.agents.rtp.localCandidates.find((c) => c.host === '127.0.0.1');
    const rtcp = (this.agents.rtcp ?? this.agents.rtp).localCandidates.find((c) => c.host === '127.0.0.1');
    if (!rtp || !rtcp) throw new Error('No loopback candidate was gathered');
    const inline = `inline:${Buffer.concat([this.key.masterKey, this.key.masterSalt]).toString('base64')}|2^31|1:1`;
    const ice = [
      `a=ice-ufrag:${this.agents.rtp.localUsername}`,
      `a=ice-pwd:${this.agents.rtp.localPassword}`,
      `a=candidate:1 1 UDP 2130706431 127.0.0.1 ${rtp.port} typ host`,
      ...(rtcpMux ? [] : [`a=candidate:1 2 UDP 2130705918 127.0.0.1 ${rtcp.port} typ host`]),
      `a=candidate:2 1 TCP-PASS 174456319 127.0.0.1 9 typ host`,
    ];
    return [
      'v=0',
      'o=- 0 0 IN IP4 127.0.0.1',
      's=session',
      'c=IN IP4 127.0.0.1',
      'b=CT:99980',
      't=0 0',
      `a=x-devicecaps:audio:send,recv;video:${video ? 'send,recv' : 'recv'}`,
      `m=audio ${rtp.port} RTP/SAVP 117 104 114 0 9 8 13 101`,
      `a=x-ssrc-range:${this.ssrc}-${this.ssrc}`,
      'a=rtcp-fb:* x-message app send:dsh recv:dsh',
      'a=rtcp-rsize',
      'a=label:main-audio',
      'a=x-source:main-audio',
      ...ice,
      `a=cryptoscale:1 client AES_CM_128_HMAC_SHA1_80 ${inline}`,
      `a=crypto:2 AES_CM_128_HMAC_SHA1_80 ${inline}`,
      'a=maxptime:200',
      `a=rtcp:${rtcp.port}`,
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
            `m=video ${rtp.port} RTP/SAVP 122 121 123`,
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

  /** Reads the answer like an SfB client, keys SRTP, runs ICE, then sends the tone and an SR each second. */
  async #connect(answerSdp: string): Promise<void> {
    const audio = sdpTransform.parse(answerSdp).media.find((m) => m.type === 'audio' && m.port !== 0);
    const crypto = audio?.crypto?.[0];
    const key = crypto && parseSdesKey(crypto);
    if (!audio || !key || !audio.iceUfrag || !audio.icePwd) throw new Error('The answer lacks audio, a usable key or ICE credentials');
    this.#srtp = new SdesSrtp(this.sendKey ?? this.key, key);
    const components = [[this.agents.rtp, 1] as const, ...(this.agents.rtcp ? [[this.agents.rtcp, 2] as const] : [])];
    await Promise.all(
      components.map(async ([agent, component]) => {
        agent.onData.subscribe((data) => this.#receive(data, component));
        agent.setRemoteParams({ iceLite: false, usernameFragment: audio.iceUfrag!, password: audio.icePwd! });
        for (const c of audio.candidates ?? []) {
          if (c.component === component) await agent.addRemoteCandidate(new Candidate(String(c.foundation), 1, 'udp', c.priority, c.ip, c.port, c.type));
        }
        await agent.addRemoteCandidate(undefined);
        await agent.connect();
      }),
    );
    this.#sendTone();
  }

  #sendTone(): void {
    const stream = this.#stream;
    let packets = 0;
    this.#timers.push(
      setInterval(() => {
        const header = new RtpHeader({
          payloadType: PCMU_PAYLOAD_TYPE,
          ssrc: this.ssrc,
          sequenceNumber: stream.sequenceNumber++ & 0xffff,
          timestamp: stream.timestamp >>> 0,
        });
        stream.timestamp += SAMPLES_PER_PACKET;
        packets++;
        if (!this.#srtp || !this.#sending) return;
        this.#lastSent = this.#srtp.protectRtp(header, this.#tone.nextPayload());
        void this.agents.rtp.send(this.#lastSent).catch(() => undefined);
      }, PACKET_MS),
      setInterval(() => {
        const report = new RtcpSrPacket({
          ssrc: this.ssrc,
          senderInfo: new RtcpSenderInfo({
            ntpTimestamp: ntpNow(),
            rtpTimestamp: stream.timestamp >>> 0,
            packetCount: packets,
            octetCount: packets * SAMPLES_PER_PACKET,
          }),
        });
        if (this.#srtp) void (this.agents.rtcp ?? this.agents.rtp).send(this.#srtp.protectRtcp(report.serialize())).catch(() => undefined);
      }, 1000),
    );
  }

  /**
   * Without rtcp-mux, RTCP is whatever comes on component 2: an RTP packet with the marker bit on a payload
   * type of 64–95 (telephone-event's often are, there) reads like RTCP (RFC 5761 §4).
   */
  #receive(data: Buffer, component: 1 | 2): void {
    const srtp = this.#srtp;
    if (!srtp) return;
    try {
      if (this.agents.rtcp ? component === 2 : isRtcp(data)) {
        const compound = srtp.unprotectRtcp(data);
        this.byes.push(...byeSources(compound));
        return this.#readReports(RtcpPacketConverter.deSerialize(compound));
      }
      const packet = RtpPacket.deSerialize(srtp.unprotectRtp(data));
      this.received.rtp++;
      this.#digits.hear(packet.header, packet.payload);
      if (packet.header.payloadType !== PCMU_PAYLOAD_TYPE) return;
      this.#heard.push(...alawmulaw.mulaw.decode(packet.payload));
      if (this.#heard.length > HEARD_KEPT) this.#heard.splice(0, this.#heard.length - HEARD_KEPT);
    } catch {
      this.received.failed++;
    }
  }

  #readReports(packets: RtcpPacket[]): void {
    for (const packet of packets) {
      if (!('reports' in packet)) continue;
      this.reports.packets++;
      this.reports.aboutUs += packet.reports.filter((report) => report.ssrc === this.ssrc).length;
    }
  }
}

function telephoneEventTypes(sdp: string): Set<number> {
  const audio = sdpTransform.parse(sdp).media.filter((m) => m.type === 'audio');
  return new Set(audio.flatMap((m) => m.rtp.filter((rtp) => rtp.codec.toLowerCase() === 'telephone-event').map((rtp) => rtp.payload)));
}

/** The SSRCs of the BYE packets in an RTCP compound packet (RFC 3550 §6.6), which werift does not read. */
function byeSources(compound: Buffer): number[] {
  const sources: number[] = [];
  for (let at = 0; at + 4 <= compound.length; at += (compound.readUInt16BE(at + 2) + 1) * 4) {
    if (compound[at + 1] !== RTCP_BYE) continue;
    const count = compound[at]! & 0x1f;
    for (let i = 0; i < count && at + 8 + 4 * i <= compound.length; i++) sources.push(compound.readUInt32BE(at + 4 + 4 * i));
  }
  return sources;
}

/** Now as a 64-bit NTP timestamp (seconds since 1900, 32.32 fixed point). */
function ntpNow(): bigint {
  return ((BigInt(Date.now()) + 2_208_988_800_000n) << 32n) / 1000n;
}

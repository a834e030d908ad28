// One end of a call in the Skype for Business dialect, on loopback: MS-ICE2 connectivity checks (werift's
// ICE agent; RTCP on a second agent with the same credentials when rtcp-mux is not used), SRTP keyed by
// SDES `a=crypto`, a PCMU tone and an RTCP sender report each second once connected, and what it hears:
// PCMU, DTMF digits (RFC 4733), RTCP reports and BYEs. The local service's SfB-dialect callee answers with it, and the
// tests' SfB-dialect caller offers with it.
import { randomInt } from 'node:crypto';
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
import { freshSdesKey, parseSdesKey, type SdesKey } from '../../bridge/sdes.js';
import { SdesSrtp } from '../../bridge/sdesSrtp.js';
import { isLoopbackAddress } from '../../webrtc/loopbackAddress.js';
import { PACKET_MS, PCMU_PAYLOAD_TYPE, SAMPLES_PER_PACKET } from './pcmu.js';
import { DigitsHeard } from './telephoneEvent.js';
import { ToneSource } from './tone.js';

const RTCP_BYE = 203;
/** The PCMU payloads kept of what it hears: the last second. */
const HEARD_PACKETS_KEPT = 1000 / PACKET_MS;

const LOOPBACK_ICE: Partial<IceOptions> = {
  useIpv4: true,
  useIpv6: false,
  interfaceAddresses: { udp4: '127.0.0.1' },
  additionalHostAddresses: ['127.0.0.1'],
  filterCandidatePair: (pair) => isLoopbackAddress(pair.remoteCandidate.host),
};

/** Where an RTP stream is: its SSRC, and the sequence number and timestamp of its next packet. */
export type StreamPosition = { ssrc: number; sequenceNumber: number; timestamp: number };

export type SdesEndpointOptions = {
  /** The offerer controls ICE (RFC 5245 §5.2). */
  controlling: boolean;
  rtcpMux: boolean;
  toneHz: number;
  /** The key it offers or answers with. */
  key: SdesKey;
  /** Encrypts with this key instead (a misbehaving caller). */
  sendKey?: SdesKey;
};

export class SdesEndpoint {
  readonly ssrc = randomInt(1, 2 ** 32 - 1);
  /** RTP packets received and decrypted, and those that did not authenticate. */
  readonly received = { rtp: 0, failed: 0 };
  /** RTP packets sent. */
  sentRtp = 0;
  /** RTCP sender and receiver reports received, and how many of their blocks were about this end's stream. */
  readonly reports = { packets: 0, aboutUs: 0 };
  /** The SSRCs RTCP BYE packets said goodbye for. */
  readonly byes: number[] = [];
  /** Whether the tone goes out (not while held). */
  sending = true;
  /** The telephone-event payload types agreed on: DTMF is heard on these. */
  telephoneEvents = new Set<number>();
  readonly #digits = new DigitsHeard((payloadType) => this.telephoneEvents.has(payloadType));
  /** Where the audio stream it sends is: the tone and key presses go on one stream. */
  readonly #stream: StreamPosition = { ssrc: this.ssrc, sequenceNumber: randomInt(0, 0xffff), timestamp: randomInt(0, 2 ** 31) };
  readonly #heard: Buffer[] = [];
  readonly #tone: ToneSource;
  readonly #timers: NodeJS.Timeout[] = [];
  #srtp: SdesSrtp | undefined;
  /** The last RTP datagram sent, as it went on the wire. */
  #lastSent: Buffer | undefined;

  private constructor(
    private readonly agents: { rtp: Connection; rtcp?: Connection },
    private readonly options: SdesEndpointOptions,
  ) {
    this.#tone = new ToneSource(options.toneHz);
  }

  /** Opens the sockets and gathers loopback candidates. */
  static async gather(options: SdesEndpointOptions): Promise<SdesEndpoint> {
    const agent = () => {
      const connection = new Connection(options.controlling, LOOPBACK_ICE);
      // werift falls back to stun.l.google.com when no STUN server is given; nothing here leaves the machine.
      connection.stunServer = undefined;
      return connection;
    };
    const rtp = agent();
    const rtcp = options.rtcpMux ? undefined : agent();
    if (rtcp) Object.assign(rtcp, { localUsername: rtp.localUsername, localPassword: rtp.localPassword });
    await Promise.all([rtp.gatherCandidates(), rtcp?.gatherCandidates()]);
    return new SdesEndpoint(rtcp ? { rtp, rtcp } : { rtp }, options);
  }

  get key(): SdesKey {
    return this.options.key;
  }

  /** The ICE lines of its SDP: credentials and a loopback UDP host candidate per component. */
  iceLines(): string[] {
    const port = (agent: Connection | undefined) => agent?.localCandidates.find((c) => c.host === '127.0.0.1')?.port;
    const rtp = port(this.agents.rtp);
    const rtcp = port(this.agents.rtcp);
    if (rtp === undefined || (this.agents.rtcp && rtcp === undefined)) throw new Error('No loopback candidate was gathered');
    return [
      `a=ice-ufrag:${this.agents.rtp.localUsername}`,
      `a=ice-pwd:${this.agents.rtp.localPassword}`,
      `a=candidate:1 1 UDP 2130706431 127.0.0.1 ${rtp} typ host`,
      ...(rtcp === undefined ? [] : [`a=candidate:1 2 UDP 2130705918 127.0.0.1 ${rtcp} typ host`]),
    ];
  }

  /** The RTP port (for m=) and the RTCP port (for a=rtcp:). */
  get ports(): { rtp: number; rtcp: number } {
    const port = (agent: Connection) => agent.localCandidates.find((c) => c.host === '127.0.0.1')?.port ?? 9;
    return { rtp: port(this.agents.rtp), rtcp: port(this.agents.rtcp ?? this.agents.rtp) };
  }

  /** The inline key parameter of its `a=crypto` lines, with the key's MKI. */
  inlineKey(): string {
    const { masterKey, masterSalt, mki } = this.options.key;
    return `inline:${Buffer.concat([masterKey, masterSalt]).toString('base64')}|2^31${mki ? `|${mki.value}:${mki.length}` : ''}`;
  }

  /**
   * Reads the other side's SDP as a Skype for Business client does (its audio's first key, ICE credentials
   * and UDP candidates), keys SRTP, runs ICE, then sends the tone and an SR each second.
   */
  async connect(remoteSdp: string): Promise<void> {
    const audio = sdpTransform.parse(remoteSdp).media.find((m) => m.type === 'audio' && m.port !== 0);
    const crypto = audio?.crypto?.[0];
    const key = crypto && parseSdesKey(crypto);
    const ufrag = audio?.iceUfrag;
    const pwd = audio?.icePwd;
    if (!audio || !key || !ufrag || !pwd) throw new Error('The SDP lacks audio, a usable key or ICE credentials');
    this.#srtp = new SdesSrtp(this.options.sendKey ?? this.options.key, key);
    const components = [[this.agents.rtp, 1] as const, ...(this.agents.rtcp ? [[this.agents.rtcp, 2] as const] : [])];
    await Promise.all(
      components.map(async ([agent, component]) => {
        agent.onData.subscribe((data) => this.#receive(data, component));
        agent.setRemoteParams({ iceLite: false, usernameFragment: ufrag, password: pwd });
        for (const c of audio.candidates ?? []) {
          if (c.component === component && c.transport.toUpperCase() === 'UDP')
            await agent.addRemoteCandidate(new Candidate(String(c.foundation), 1, 'udp', c.priority, c.ip, c.port, c.type));
        }
        await agent.addRemoteCandidate(undefined);
        await agent.connect();
      }),
    );
    this.#sendTone();
  }

  /** The last second of PCMU audio heard, payloads in order. */
  heardPcmu(): Buffer {
    return Buffer.concat(this.#heard);
  }

  /** The DTMF digits heard (RFC 4733 telephone-events), in order. */
  get digits(): string {
    return this.#digits.digits;
  }

  /** Sends the packets `packetsAt` makes at the stream's position (key presses) in place of the tone, which stops. */
  async sendInStream(packetsAt: (stream: StreamPosition) => RtpPacket[]): Promise<void> {
    const srtp = this.#srtp;
    if (!srtp) throw new Error('Not connected');
    this.stopSending();
    for (const { header, payload } of packetsAt(this.#stream)) await this.agents.rtp.send(srtp.protectRtp(header, payload));
  }

  /** Sends the last RTP datagram again `times` times, as an attacker who captured it would. */
  async replayLast(times: number): Promise<void> {
    const datagram = this.#lastSent;
    if (!datagram) throw new Error('Nothing was sent yet');
    for (let i = 0; i < times; i++) await this.agents.rtp.send(datagram);
  }

  /** Sends nothing more; still hears what comes (a BYE) until it is closed. */
  stopSending(): void {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers.length = 0;
  }

  async close(): Promise<void> {
    this.stopSending();
    await Promise.all(Object.values(this.agents).map((agent) => agent.close()));
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
        if (!this.#srtp || !this.sending) return;
        this.#lastSent = this.#srtp.protectRtp(header, this.#tone.nextPayload());
        this.sentRtp++;
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
      if (this.#heard.push(packet.payload) > HEARD_PACKETS_KEPT) this.#heard.shift();
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

/** A fresh SDES key on `tag`, with Skype for Business's one-byte MKI. */
export function sfbKey(tag: number): SdesKey {
  return { ...freshSdesKey(tag), mki: { value: 1, length: 1 } };
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

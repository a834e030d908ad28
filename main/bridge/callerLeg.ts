// The bridge's leg toward the Skype for Business caller: werift's ICE agent (RFC 5245 connectivity checks,
// which MS-ICE2 agents answer) and SRTP/SRTCP keyed by SDES. werift's agent only knows component 1, so
// separate RTCP (no rtcp-mux) runs on a second agent with the same credentials, whose candidates are
// component 2 in the SDP and component 1 inside werift (the component never travels in a check).
import { randomBytes, randomInt } from 'node:crypto';
import { Candidate, Connection, isRtcp, RtcpPacketConverter, RtpPacket, type IceOptions, type RtcpPacket, type RtpHeader } from 'werift';
import { BridgeRefusal } from './refusal.js';
import type { RelayOptions } from './relayToken.js';
import { datagramsSent, rtcpGoodbye } from './rtcpGoodbye.js';
import type { SdesKey } from './sdes.js';
import { ReplayedPacketError, SdesSrtp } from './sdesSrtp.js';
import { takeMediaFromValidPairsOnly } from './validPairsOnly.js';
import type { CallerLegDescription, LocalCandidate } from './sfbAnswer.js';
import type { SfbOffer } from './sfbOffer.js';
import { UndecryptableWatch, type UndecryptableCounts } from './undecryptableWatch.js';

export type CallerLegOptions = {
  /** RTCP on its own component, as the caller wants when it did not offer rtcp-mux. */
  separateRtcp: boolean;
  /** Host candidates on 127.0.0.1 only, and only loopback peers (the embedded local service). */
  loopbackOnly: boolean;
  /** TURN from the server's mediaRelayAccessToken, when it offers one. */
  relay?: RelayOptions;
  /** This side made the offer, so its ICE agent controls (RFC 5245 §5.2); the answerer's is controlled. */
  offerer?: boolean;
};

/** What arrives from the caller, decrypted; RTP with when it arrived (performance.now()). */
export type CallerLegHandlers = {
  rtp(packet: RtpPacket, receivedAt: number): void;
  rtcp(packets: RtcpPacket[]): void;
  /** The caller's audio has done nothing but fail authentication for seconds (undecryptableWatch.ts). */
  undecryptable(counts: UndecryptableCounts): void;
};

/**
 * Datagrams from the caller's side dropped before the passthrough: from an address ICE did not check
 * (validPairsOnly.ts), not authentic (wrong key or MKI, malformed), or authentic but taken before (replays).
 */
export type CallerRefusals = { fromElsewhere: number; unauthenticated: number; replayed: number };

const isLoopback = (ip: string) => ip.startsWith('127.');

export class CallerLeg {
  readonly ssrc = randomInt(1, 2 ** 32 - 1);
  /** The CNAME of the bridge's stream toward the caller (RFC 7022: random, per session). */
  readonly cname = randomBytes(12).toString('base64url');
  readonly refused: CallerRefusals = { fromElsewhere: 0, unauthenticated: 0, replayed: 0 };
  #srtp: SdesSrtp | undefined;

  private constructor(
    private readonly agents: { rtp: Connection; rtcp?: Connection },
    private readonly loopbackOnly: boolean,
  ) {}

  /** Opens the sockets and gathers candidates: host ones, and a relay when TURN credentials are given. */
  static async gather({ separateRtcp, loopbackOnly, relay, offerer = false }: CallerLegOptions): Promise<CallerLeg> {
    const options: Partial<IceOptions> = {
      useIpv4: true,
      useIpv6: false,
      ...(loopbackOnly && {
        interfaceAddresses: { udp4: '127.0.0.1' },
        additionalHostAddresses: ['127.0.0.1'],
        filterCandidatePair: (pair) => isLoopback(pair.remoteCandidate.host),
      }),
      ...relay,
    };
    const rtp = iceAgent(offerer, options);
    const rtcp = separateRtcp ? iceAgent(offerer, options) : undefined;
    if (rtcp) {
      rtcp.localUsername = rtp.localUsername;
      rtcp.localPassword = rtp.localPassword;
    }
    const leg = new CallerLeg(rtcp ? { rtp, rtcp } : { rtp }, loopbackOnly);
    try {
      await Promise.all([rtp.gatherCandidates(), rtcp?.gatherCandidates()]);
      for (const agent of [rtp, rtcp]) if (agent) takeMediaFromValidPairsOnly(agent, () => leg.refused.fromElsewhere++);
      const components = leg.#candidates().map((candidate) => candidate.component);
      if (!components.includes(1) || (rtcp && !components.includes(2))) throw new Error('no network address to receive audio on');
    } catch (error) {
      await leg.close();
      throw error;
    }
    return leg;
  }

  /** What the answer says about this leg, with our key. */
  describe(key: SdesKey): CallerLegDescription {
    const { rtp } = this.agents;
    return { ufrag: rtp.localUsername, pwd: rtp.localPassword, candidates: this.#candidates(), key, ssrc: this.ssrc };
  }

  /**
   * Keys SRTP and runs the connectivity checks against the offer's candidates; resolves once every
   * component is connected, rejects with MediaConnectivityFailure when checks fail.
   */
  async connect(offer: SfbOffer, localKey: SdesKey, handlers: CallerLegHandlers): Promise<void> {
    this.#srtp = new SdesSrtp(localKey, offer.key);
    const watch = new UndecryptableWatch(handlers.undecryptable);
    const components = [[this.agents.rtp, 1], ...(this.agents.rtcp ? [[this.agents.rtcp, 2] as const] : [])] as const;
    try {
      await Promise.all(
        components.map(async ([agent, component]) => {
          agent.onData.subscribe((data) => this.#receive(data, component, handlers, watch));
          agent.setRemoteParams({ iceLite: false, usernameFragment: offer.ice.ufrag, password: offer.ice.pwd });
          for (const c of offer.candidates.filter((candidate) => candidate.component === component)) {
            await agent.addRemoteCandidate(new Candidate(c.foundation, 1, 'udp', c.priority, c.ip, c.port, c.type));
          }
          await agent.addRemoteCandidate(undefined);
          await agent.connect();
        }),
      );
    } catch {
      throw new BridgeRefusal('MediaConnectivityFailure', 'The call’s audio could not reach the caller.');
    }
  }

  /** Calls `lost` when a connected component fails for good (consent to send expired). */
  onFailure(lost: () => void): void {
    for (const agent of Object.values(this.agents)) {
      agent.stateChanged.subscribe((state) => {
        if (state === 'failed') lost();
      });
    }
  }

  sendRtp(header: RtpHeader, payload: Buffer): void {
    if (this.#srtp) void this.agents.rtp.send(this.#srtp.protectRtp(header, payload)).catch(() => undefined);
  }

  sendRtcp(packets: RtcpPacket[]): void {
    if (packets.length > 0) void this.#sendRtcpCompound(Buffer.concat(packets.map((packet) => packet.serialize())));
  }

  /** Says goodbye (RTCP BYE) when the media was set up, then closes the sockets. */
  async close(): Promise<void> {
    if (this.#srtp) {
      await this.#sendRtcpCompound(rtcpGoodbye(this.ssrc, this.cname));
      await datagramsSent();
    }
    await Promise.all(Object.values(this.agents).map((agent) => agent.close()));
  }

  async #sendRtcpCompound(compound: Buffer): Promise<void> {
    if (this.#srtp) await (this.agents.rtcp ?? this.agents.rtp).send(this.#srtp.protectRtcp(compound)).catch(() => undefined);
  }

  #candidates(): LocalCandidate[] {
    const { rtp, rtcp } = this.agents;
    const of = (agent: Connection | undefined, component: 1 | 2): LocalCandidate[] =>
      (agent?.localCandidates ?? [])
        .filter((c) => c.transport.toLowerCase() === 'udp' && (!this.loopbackOnly || isLoopback(c.host)))
        .map((c) => ({
          foundation: c.foundation,
          component,
          priority: withComponent(c.priority, component),
          ip: c.host,
          port: c.port,
          type: c.type,
          ...(c.relatedAddress !== undefined && c.relatedPort !== undefined && { raddr: c.relatedAddress, rport: c.relatedPort }),
        }));
    return [...of(rtp, 1), ...of(rtcp, 2)];
  }

  /**
   * Without rtcp-mux, RTCP is what comes on component 2: a marked RTP packet on payload type 64–95 (a
   * telephone-event's may be there) reads like RTCP (RFC 5761 §4).
   */
  #receive(data: Buffer, component: 1 | 2, handlers: CallerLegHandlers, watch: UndecryptableWatch): void {
    const receivedAt = performance.now();
    const srtp = this.#srtp;
    if (!srtp) return;
    const rtcp = this.agents.rtcp ? component === 2 : isRtcp(data);
    let packet: { rtcp: RtcpPacket[] } | { rtp: RtpPacket };
    try {
      packet = rtcp ? { rtcp: RtcpPacketConverter.deSerialize(srtp.unprotectRtcp(data)) } : { rtp: RtpPacket.deSerialize(srtp.unprotectRtp(data)) };
    } catch (error) {
      if (error instanceof ReplayedPacketError) return void this.refused.replayed++;
      this.refused.unauthenticated++;
      if (!rtcp) watch.failed(receivedAt);
      return;
    }
    if ('rtp' in packet) {
      watch.decrypted();
      handlers.rtp(packet.rtp, receivedAt);
    } else handlers.rtcp(packet.rtcp);
  }
}

/** An ICE agent (controlling when this side offered), which never asks a public STUN server. */
function iceAgent(controlling: boolean, options: Partial<IceOptions>): Connection {
  const agent = new Connection(controlling, options);
  // werift falls back to stun.l.google.com when no STUN server is given; this leg asks none.
  agent.stunServer = undefined;
  return agent;
}

/**
 * Each component has an ICE agent of its own, which computes its candidates' priorities as component 1;
 * the answer names the RTCP agent's as component 2, whose low byte RFC 5245 §4.1.2.1 makes 256 − 2.
 */
function withComponent(priority: number, component: 1 | 2): number {
  return priority - (priority % 256) + (256 - component);
}

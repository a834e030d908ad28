import { MediaStreamTrack, type RTCPeerConnection } from 'werift';
import { EchoSource, ToneThenEcho } from './media/echo.js';
import {
  answerNewOffer,
  countReceivedRtp,
  createTestSignalPeer,
  gatheredLocalSdp,
  hearDigits,
  negotiatedSending,
  receivePcmu,
  type FirstPackets,
} from './media/loopbackPeer.js';
import { TestSignal, type Sending } from './media/testSignal.js';
import type { RingContext } from './invitationResources.js';
import type { Person } from './resources.js';
import type { PlacedCall, InvitationOutcome, LocalUcwaService } from './service.js';

export type TestCallOptions = {
  video: boolean;
  from?: Person;
  subject?: string;
  importance?: 'Normal' | 'Urgent' | 'Emergency';
  context?: RingContext;
  /** The sound check: after a short tone, the user hears themselves a second later. Otherwise the tone plays on. */
  echo?: boolean;
};

/**
 * The caller on the other end of a test call: a real WebRTC peer (werift) that makes the offer, sends a
 * tone (then, with `echo`, what it hears from the user) and a moving test pattern once connected, and
 * counts the RTP it receives, and reads the DTMF digits in it. It lives on this machine, so it offers and
 * accepts loopback candidates only.
 * Either side may hold and resume with a new offer: the caller answers the user's, and makes its own with
 * `hold` and `resume`.
 */
export class TestCallPeer {
  readonly received = { audio: 0, video: 0 };
  /** When (performance.now()) the first RTP of each kind arrived, for the bench. */
  readonly firstReceived: FirstPackets = {};
  /** When (performance.now()) the service handed over the final answer, for the bench. */
  answeredAt: number | undefined;
  readonly #toneThenEcho: ToneThenEcho | undefined;
  readonly #signal: TestSignal;
  /** The callee's answer, as the service handed it over from acceptWithAnswer. */
  answerSdp: string | undefined;
  /** The callee's early-media answer (sendProvisionalAnswer), if one came. */
  provisionalAnswerSdp: string | undefined;
  /** The user's latest new offer in the connected call (renegotiations), and this peer's answer to it. */
  lastRenegotiationOffer: string | undefined;
  lastRenegotiationAnswer: string | undefined;
  #answered: Promise<void> | undefined;
  readonly #pc: RTCPeerConnection = createTestSignalPeer();
  readonly #digits = hearDigits(this.#pc);
  #leg: PlacedCall | undefined;

  private constructor(private readonly options: TestCallOptions) {
    if (options.echo) {
      const echo = new EchoSource();
      receivePcmu(this.#pc, (payload, at) => echo.hear(payload, at));
      this.#toneThenEcho = new ToneThenEcho(echo);
    }
    this.#signal = new TestSignal(this.#toneThenEcho);
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

  /** The DTMF digits heard from the user (RFC 4733 telephone-events), in order. */
  get digits(): string {
    return this.#digits.digits;
  }

  get sent(): { readonly audio: number; readonly video: number } {
    return this.#signal.sent;
  }

  /** What the caller sends now: nothing of a medium the user holds (the negotiated direction is recvonly or inactive). */
  get sending(): Sending {
    return this.#signal.sending;
  }

  /**
   * The caller holds the user with a new offer (RFC 3264): `sendonly` plays on as music on hold while the
   * user sends nothing, `inactive` stops both ways. Rejects, leaving the call as it was, when dismissed.
   */
  hold(direction: 'sendonly' | 'inactive' = 'sendonly'): Promise<void> {
    return this.#offerAgain(direction);
  }

  resume(): Promise<void> {
    return this.#offerAgain('sendrecv');
  }

  cancel(): void {
    this.#requireLeg().cancel();
  }

  hangUp(): void {
    this.#requireLeg().hangUp();
  }

  async close(): Promise<void> {
    this.#signal.stop();
    await this.#pc.close();
  }

  async #dial(service: LocalUcwaService): Promise<void> {
    const audio = new MediaStreamTrack({ kind: 'audio' });
    this.#pc.addTransceiver(audio, { direction: 'sendrecv' });
    const video = this.options.video ? new MediaStreamTrack({ kind: 'video' }) : undefined;
    if (video) this.#pc.addTransceiver(video, { direction: 'sendrecv' });
    countReceivedRtp(this.#pc, this.received, this.firstReceived);
    await this.#pc.setLocalDescription(await this.#pc.createOffer());
    const offerSdp = await gatheredLocalSdp(this.#pc);

    this.#pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected') this.#signal.start({ audio, video });
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
        this.#answered = this.#applyAnswer(sdp);
        this.#answered.catch(() => undefined);
      },
      acceptAnswer: async (sdp) => {
        this.answeredAt = performance.now();
        this.answerSdp = sdp;
        this.#toneThenEcho?.answered();
        if (this.#answered === undefined) return this.#applyAnswer(sdp);
        if (sdp !== this.provisionalAnswerSdp) throw new Error('The final answer differs from the early-media answer');
        await this.#answered;
      },
      renegotiate: async (offerSdp) => {
        this.lastRenegotiationOffer = offerSdp;
        const { answerSdp, sending } = await answerNewOffer(this.#pc, offerSdp);
        this.lastRenegotiationAnswer = answerSdp;
        this.#signal.allow(sending);
        return answerSdp;
      },
    });
    void this.#leg.ended.then(() => this.close());
  }

  async #offerAgain(direction: 'sendrecv' | 'sendonly' | 'inactive'): Promise<void> {
    const leg = this.#requireLeg();
    const before = this.#pc.getTransceivers().map((transceiver) => [transceiver, transceiver.direction] as const);
    for (const [transceiver] of before) transceiver.setDirection(direction);
    try {
      await this.#pc.setLocalDescription(await this.#pc.createOffer());
      await this.#applyAnswer(await leg.renegotiate(await gatheredLocalSdp(this.#pc)));
    } catch (error) {
      // werift, like JSEP, takes the next offer either way from have-local-offer, so the refused offer needs
      // no rollback (which werift would never settle should the call end and the peer close meanwhile).
      for (const [transceiver, previous] of before) transceiver.setDirection(previous);
      throw error;
    }
  }

  async #applyAnswer(sdp: string): Promise<void> {
    await this.#pc.setRemoteDescription({ type: 'answer', sdp });
    this.#signal.allow(negotiatedSending(this.#pc));
  }

  #requireLeg(): PlacedCall {
    if (!this.#leg) throw new Error('The test call has not been placed');
    return this.#leg;
  }
}

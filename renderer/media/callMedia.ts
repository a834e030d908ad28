// Answers a UCWA mediaOffer with the renderer's own RTCPeerConnection. UCWA does not trickle ICE, so an
// answer is only usable once gathering is complete; that takes long enough to be felt after a click, so
// the answer is prepared while the call rings.
//
// Two answers are prepared, one with video and one audio only, each on its own connection: the caller
// gets exactly what the person chose, with no SDP rewriting and no renegotiation. Their senders start
// without tracks, so no device opens (and no camera light comes on) before the person answers; the
// microphone and camera are attached with replaceTrack once the answer has gone.

import { inputConstraint } from './devices';
import { holdBackCandidates } from './heldCandidates';
import { LiveMedia, type ChosenInputs } from './liveMedia.svelte';
import { gatheringComplete, sending } from './peerConnection';

export type StartOptions = { video: boolean; audioMuted: boolean; videoMuted: boolean } & ChosenInputs;

type Prepared = { pc: RTCPeerConnection; sdp: string };

/** An answer ready to send, and what lets its connection reach the caller once it has gone (heldCandidates.ts). */
export type ReadyAnswer = { sdp: string; connect(): Promise<void> };

export class CallMedia extends LiveMedia {
  readonly #withVideo: Promise<Prepared> | undefined;
  readonly #audioOnly: Promise<Prepared>;
  readonly #candidates: RTCIceCandidateInit[];
  readonly #connected = new WeakSet<RTCPeerConnection>();
  /** Each preparation once it is done, so that the answer can go out in the task that brings the choice. */
  readonly #prepared = new Map<Promise<Prepared>, Prepared>();

  private constructor(
    readonly callId: string,
    offerSdp: string,
    offersVideo: boolean,
  ) {
    super();
    const held = holdBackCandidates(offerSdp);
    this.#candidates = held.candidates;
    this.#audioOnly = prepare(held.offerSdp, false);
    this.#withVideo = offersVideo ? prepare(held.offerSdp, true) : undefined;
    for (const preparing of [this.#audioOnly, this.#withVideo]) {
      // An unused preparation must not reject unobserved; a failure shows when that answer is chosen.
      preparing?.then(
        (prepared) => this.#prepared.set(preparing, prepared),
        () => undefined,
      );
    }
  }

  /** Starts preparing both answers; the promises settle in the background. */
  static prepare(callId: string, offerSdp: string, offersVideo: boolean): CallMedia {
    return new CallMedia(callId, offerSdp, offersVideo);
  }

  /**
   * The answer to send as early media (sendProvisionalAnswer), or undefined when the person's choice
   * could still change it: the final answer must repeat the provisional one, so only an offer without
   * video, whose two choices are the same answer, is answered early. Its senders carry no track, so
   * nothing is heard from here before the person answers, and nothing received is played until then.
   */
  earlyAnswer(): Promise<ReadyAnswer> | undefined {
    return this.#withVideo ? undefined : this.#audioOnly.then(({ pc, sdp }) => ({ sdp, connect: () => this.#connect(pc) }));
  }

  /**
   * The answer for the person's choice when its preparation is done, given in this task (else undefined: see
   * answer). Awaiting even a settled promise lets the microtasks queued before run first, and the window's
   * rendering of the snapshot that brought the choice is one of them: the answer would wait for it.
   */
  answerNow(video: boolean): ReadyAnswer | undefined {
    const prepared = this.#prepared.get(this.#wanted(video));
    return prepared && this.#take(prepared, video);
  }

  /** The answer for the person's choice, once its preparation is done; the other is dropped. */
  async answer(video: boolean): Promise<ReadyAnswer> {
    return this.#take(await this.#wanted(video), video);
  }

  #wanted(video: boolean): Promise<Prepared> {
    return video && this.#withVideo ? this.#withVideo : this.#audioOnly;
  }

  #take({ pc, sdp }: Prepared, video: boolean): ReadyAnswer {
    if (this.closed) throw new Error('The call ended');
    const other = this.#wanted(video) === this.#audioOnly ? this.#withVideo : this.#audioOnly;
    void other?.then(
      (unused) => unused.pc.close(),
      () => undefined,
    );
    this.pc = pc;
    // The remote tracks exist since setRemoteDescription; those the answer receives are the call's.
    this.receiveRemoteTracks(pc);
    return { sdp, connect: () => this.#connect(pc) };
  }

  /** Gives the connection the offer's candidates, once: ICE and DTLS begin now that the caller has the answer. */
  async #connect(pc: RTCPeerConnection): Promise<void> {
    if (this.#connected.has(pc)) return;
    this.#connected.add(pc);
    for (const candidate of this.#candidates) {
      // One Chromium cannot use is left out; the caller's own checks still find a path.
      await pc.addIceCandidate(candidate).catch(() => undefined);
    }
  }

  /** Opens the microphone (and camera) and puts them on the chosen connection's senders. */
  async start(options: StartOptions): Promise<void> {
    const pc = this.pc;
    if (!pc) throw new Error('No answer was chosen');
    const video = options.video && sending(pc, 'video') !== undefined;
    // Joining with the camera off opens no camera at all.
    const cameraOff = video && (this.cameraOff || options.videoMuted);
    this.localStream = await navigator.mediaDevices.getUserMedia({
      audio: inputConstraint(options.microphone?.deviceId),
      video: video && !cameraOff && inputConstraint(options.camera?.deviceId),
    });
    if (this.closed) return this.stopTracks();
    // Muted before the tracks reach the senders: joining muted never sends a moment of sound.
    // A Mute pressed while connecting counts too.
    this.setMuted(this.muted || options.audioMuted);
    if (cameraOff) this.startWithCameraOff(options.camera?.deviceId);
    await sending(pc, 'audio')?.replaceTrack(this.localStream.getAudioTracks()[0] ?? null);
    if (video) await sending(pc, 'video')?.replaceTrack(this.localStream.getVideoTracks()[0] ?? null);
  }

  override close(): void {
    super.close();
    for (const prepared of [this.#audioOnly, this.#withVideo])
      void prepared?.then(
        ({ pc }) => pc.close(),
        () => undefined,
      );
  }
}

/** setRemoteDescription, sendrecv transceivers without tracks, createAnswer, full ICE gathering. */
async function prepare(offerSdp: string, video: boolean): Promise<Prepared> {
  const pc = new RTCPeerConnection();
  try {
    await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    for (const transceiver of pc.getTransceivers()) {
      const kind = transceiver.receiver.track.kind;
      transceiver.direction = kind === 'audio' || (kind === 'video' && video) ? 'sendrecv' : 'inactive';
    }
    await pc.setLocalDescription(await pc.createAnswer());
    await gatheringComplete(pc);
    const sdp = pc.localDescription?.sdp;
    if (!sdp) throw new Error('No local description after createAnswer');
    return { pc, sdp };
  } catch (error) {
    pc.close();
    throw error;
  }
}

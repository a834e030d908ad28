// Answers a UCWA mediaOffer with the renderer's own RTCPeerConnection. UCWA does not trickle ICE, so an
// answer is only usable once gathering is complete; that takes long enough to be felt after a click, so
// the answer is prepared while the call rings.
//
// Two answers are prepared, one with video and one audio only, each on its own connection: the caller
// gets exactly what the person chose, with no SDP rewriting and no renegotiation. Their senders start
// without tracks, so no device opens (and no camera light comes on) before the person answers; the
// microphone and camera are attached with replaceTrack once the answer has gone.

import { inputConstraint, type DeviceInfo } from './devices';

const GATHERING_TIMEOUT_MS = 10_000;

export type StartOptions = { video: boolean; audioMuted: boolean; videoMuted: boolean } & ChosenInputs;

/** The inputs to use: a device, or undefined for the system default. */
export type ChosenInputs = { microphone: DeviceInfo | undefined; camera: DeviceInfo | undefined };

type Prepared = { pc: RTCPeerConnection; sdp: string };

export class CallMedia {
  readonly remoteStream = new MediaStream();
  localStream: MediaStream | undefined;
  #chosen: RTCPeerConnection | undefined;
  readonly #withVideo: Promise<Prepared> | undefined;
  readonly #audioOnly: Promise<Prepared>;
  #muted = false;
  #cameraOff = false;
  #switching: Promise<void> | undefined;
  #nextInputs: ChosenInputs | undefined;
  #closed = false;

  private constructor(
    readonly callId: string,
    offerSdp: string,
    offersVideo: boolean,
  ) {
    this.#audioOnly = prepare(offerSdp, false);
    this.#withVideo = offersVideo ? prepare(offerSdp, true) : undefined;
    // An unused preparation must not reject unobserved; a failure shows when that answer is chosen.
    for (const prepared of [this.#audioOnly, this.#withVideo]) prepared?.catch(() => undefined);
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
  earlyAnswer(): Promise<string> | undefined {
    return this.#withVideo ? undefined : this.#audioOnly.then(({ sdp }) => sdp);
  }

  /** The answer for the person's choice, ready at once if preparation is done; the other is dropped. */
  async answer(video: boolean): Promise<string> {
    const wanted = video && this.#withVideo ? this.#withVideo : this.#audioOnly;
    const other = wanted === this.#audioOnly ? this.#withVideo : this.#audioOnly;
    void other?.then(({ pc }) => pc.close(), () => undefined);
    const { pc, sdp } = await wanted;
    if (this.#closed) throw new Error('The call ended');
    this.#chosen = pc;
    // The remote tracks exist since setRemoteDescription; those the answer receives are the call's.
    for (const transceiver of pc.getTransceivers()) {
      if (transceiver.currentDirection === 'sendrecv' || transceiver.currentDirection === 'recvonly') this.remoteStream.addTrack(transceiver.receiver.track);
    }
    return sdp;
  }

  /** Opens the microphone (and camera) and puts them on the chosen connection's senders. */
  async start(options: StartOptions): Promise<void> {
    const pc = this.#chosen;
    if (!pc) throw new Error('No answer was chosen');
    const video = options.video && sending(pc, 'video') !== undefined;
    this.localStream = await navigator.mediaDevices.getUserMedia({
      audio: inputConstraint(options.microphone?.deviceId),
      video: video && inputConstraint(options.camera?.deviceId),
    });
    if (this.#closed) return this.#stopTracks();
    // Muted before the tracks reach the senders: joining muted never sends a moment of sound or picture.
    // A Mute pressed while connecting counts too.
    this.setMuted(this.#muted || options.audioMuted);
    this.setCameraOff(this.#cameraOff || options.videoMuted);
    await sending(pc, 'audio')?.replaceTrack(this.localStream.getAudioTracks()[0] ?? null);
    if (video) await sending(pc, 'video')?.replaceTrack(this.localStream.getVideoTracks()[0] ?? null);
  }

  /**
   * Moves the call to other inputs without renegotiating: the new device's track replaces the old one
   * on the same sender, keeping mute and camera-off as they were.
   */
  async useInputs(inputs: ChosenInputs): Promise<void> {
    // One switch at a time; a request arriving meanwhile is applied after it, with the latest wishes.
    if (this.#switching) {
      this.#nextInputs = inputs;
      return this.#switching;
    }
    this.#switching = this.#switchInputs(inputs).finally(() => (this.#switching = undefined));
    await this.#switching;
    const next = this.#nextInputs;
    this.#nextInputs = undefined;
    if (next) await this.useInputs(next);
  }

  async #switchInputs(inputs: ChosenInputs): Promise<void> {
    const pc = this.#chosen;
    const stream = this.localStream;
    if (!pc || !stream) return;
    for (const kind of ['audio', 'video'] as const) {
      const current = kind === 'audio' ? stream.getAudioTracks()[0] : stream.getVideoTracks()[0];
      const wanted = kind === 'audio' ? inputs.microphone : inputs.camera;
      if (!current || (wanted?.deviceId ?? 'default') === (current.getSettings().deviceId ?? 'default')) continue;
      if (!wanted && kind === 'video') continue; // the default camera is whichever one is open
      const replacement = await navigator.mediaDevices.getUserMedia({ [kind]: inputConstraint(wanted?.deviceId) });
      const track = kind === 'audio' ? replacement.getAudioTracks()[0] : replacement.getVideoTracks()[0];
      if (!track || this.#closed) {
        replacement.getTracks().forEach((t) => t.stop());
        continue;
      }
      track.enabled = current.enabled;
      await sending(pc, kind)?.replaceTrack(track);
      stream.removeTrack(current);
      current.stop();
      stream.addTrack(track);
    }
  }

  get connection(): RTCPeerConnection | undefined {
    return this.#chosen;
  }

  get muted(): boolean {
    return this.#muted;
  }

  get cameraOff(): boolean {
    return this.#cameraOff;
  }

  setMuted(muted: boolean): void {
    this.#muted = muted;
    for (const track of this.localStream?.getAudioTracks() ?? []) track.enabled = !muted;
  }

  /** The camera track stays attached but sends black frames while off, so turning it back on is instant. */
  setCameraOff(off: boolean): void {
    this.#cameraOff = off;
    for (const track of this.localStream?.getVideoTracks() ?? []) track.enabled = !off;
  }

  close(): void {
    this.#closed = true;
    this.#stopTracks();
    for (const prepared of [this.#audioOnly, this.#withVideo]) void prepared?.then(({ pc }) => pc.close(), () => undefined);
  }

  #stopTracks(): void {
    for (const track of this.localStream?.getTracks() ?? []) track.stop();
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

function sending(pc: RTCPeerConnection, kind: 'audio' | 'video'): RTCRtpSender | undefined {
  return pc.getTransceivers().find((t) => t.receiver.track.kind === kind && t.direction === 'sendrecv')?.sender;
}

function gatheringComplete(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, GATHERING_TIMEOUT_MS);
    pc.addEventListener('icegatheringstatechange', check);
    function check() {
      if (pc.iceGatheringState === 'complete') done();
    }
    function done() {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', check);
      resolve();
    }
  });
}

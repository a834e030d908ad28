// What a call's media offers the person once it is up, however it was negotiated (answering a caller's
// offer, or offering to a meeting): the remote stream, the local devices, mute, camera on/off,
// switching devices in place, and hold (a new offer: RFC 3264) either way. What the call view shows is
// Svelte state, so the view follows the media without being told.

import { inputConstraint, type DeviceInfo } from './devices';
import { analyseOffer } from '../../preload/shared/offerAnalysis';
import { RenegotiationConflictError, sending } from './peerConnection';

/** The inputs to use: a device, or undefined for the system default. */
export type ChosenInputs = { microphone: DeviceInfo | undefined; camera: DeviceInfo | undefined };

export class LiveMedia {
  readonly remoteStream = new MediaStream();
  /** How many tracks the remote stream has: the view attaches it again when it grows. */
  #remoteTracks = $state(0);
  #localStream = $state.raw<MediaStream | undefined>();
  /** Whether the local stream has a camera track. */
  #localVideo = $state(false);
  #connection = $state.raw<RTCPeerConnection | undefined>();
  protected closed = false;
  #muted = $state(false);
  #cameraOff = $state(false);
  /** The camera to open again when the person starts it; undefined for the system default. */
  #cameraId: string | undefined;
  #cameraChanges: Promise<void> = Promise.resolve();
  #switching: Promise<void> | undefined;
  #nextInputs: ChosenInputs | undefined;
  #heldByMe = $state(false);
  #heldByThem = $state(false);
  /** What each transceiver did before this side held the call, to resume it as it was (bookkeeping: `holder` is the state shown). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #beforeHold = new Map<RTCRtpTransceiver, RTCRtpTransceiverDirection>();
  #negotiating = false;

  get connection(): RTCPeerConnection | undefined {
    return this.#connection;
  }

  /** The connection carrying the call, once there is one. */
  protected get pc(): RTCPeerConnection | undefined {
    return this.#connection;
  }

  protected set pc(pc: RTCPeerConnection | undefined) {
    this.#connection = pc;
  }

  get localStream(): MediaStream | undefined {
    return this.#localStream;
  }

  set localStream(stream: MediaStream | undefined) {
    this.#localStream = stream;
    this.#localTracksChanged();
  }

  get remoteTracks(): number {
    return this.#remoteTracks;
  }

  /** Whether the call sends the camera now. */
  get sendsVideo(): boolean {
    return this.#localVideo;
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

  /** Whether the call sends the camera, or would once the person starts it again. */
  get hasCamera(): boolean {
    return this.#cameraOff || this.#localVideo;
  }

  /**
   * Stop camera releases the camera (its light goes off) and the sender sends nothing; Start camera opens
   * the same camera again and puts it back on the sender, unless this side holds the call (resuming does).
   * Changes apply one after the other, in the order asked.
   */
  setCameraOff(off: boolean): Promise<void> {
    const change = this.#cameraChanges.then(() => this.#applyCameraOff(off));
    this.#cameraChanges = change.catch(() => undefined);
    return change;
  }

  async #applyCameraOff(off: boolean): Promise<void> {
    if (off === this.#cameraOff) return;
    this.#cameraOff = off;
    const stream = this.localStream;
    if (!stream) return;
    if (off) {
      for (const track of stream.getVideoTracks()) {
        this.#cameraId = track.getSettings().deviceId;
        stream.removeTrack(track);
        track.stop();
      }
      this.#localTracksChanged();
      if (this.pc && this.#sendsNow) await sending(this.pc, 'video')?.replaceTrack(null);
      return;
    }
    let opened: MediaStream;
    try {
      opened = await navigator.mediaDevices.getUserMedia({ video: inputConstraint(this.#cameraId) });
    } catch (error) {
      this.#cameraOff = true;
      throw error;
    }
    const track = opened.getVideoTracks()[0];
    // Stopped again, or the call ended, while the camera was opening.
    if (!track || this.closed || this.#cameraOff) return opened.getTracks().forEach((t) => t.stop());
    stream.addTrack(track);
    this.#localTracksChanged();
    if (this.pc && this.#sendsNow) await sending(this.pc, 'video')?.replaceTrack(track);
  }

  /** Whether the senders carry the devices: not while this side holds, from the moment it starts to until it resumes. */
  get #sendsNow(): boolean {
    return this.#beforeHold.size === 0;
  }

  /** The call starts with the camera off (joinVideoMuted): none is opened until the person starts it. */
  protected startWithCameraOff(cameraId: string | undefined): void {
    this.#cameraOff = true;
    this.#cameraId = cameraId;
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
    const pc = this.pc;
    const stream = this.localStream;
    if (!pc || !stream) return;
    for (const kind of ['audio', 'video'] as const) {
      const current = kind === 'audio' ? stream.getAudioTracks()[0] : stream.getVideoTracks()[0];
      const wanted = kind === 'audio' ? inputs.microphone : inputs.camera;
      if (kind === 'video' && this.#cameraOff) {
        this.#cameraId = wanted?.deviceId; // opened when the person starts the camera
        continue;
      }
      if (!current || (wanted?.deviceId ?? 'default') === (current.getSettings().deviceId ?? 'default')) continue;
      if (!wanted && kind === 'video') continue; // the default camera is whichever one is open
      const replacement = await navigator.mediaDevices.getUserMedia({ [kind]: inputConstraint(wanted?.deviceId) });
      const track = kind === 'audio' ? replacement.getAudioTracks()[0] : replacement.getVideoTracks()[0];
      // The call ended, or the camera was stopped, while the new device was opening.
      if (!track || this.closed || !stream.getTracks().includes(current)) {
        replacement.getTracks().forEach((t) => t.stop());
        continue;
      }
      track.enabled = current.enabled;
      await sending(pc, kind)?.replaceTrack(track);
      stream.removeTrack(current);
      current.stop();
      stream.addTrack(track);
    }
    this.#localTracksChanged();
  }

  /** Who holds the call, if anyone. */
  get holder(): 'me' | 'them' | undefined {
    return this.#heldByMe ? 'me' : this.#heldByThem ? 'them' : undefined;
  }

  /**
   * Holds the call as RFC 3264 says (sendrecv becomes sendonly, recvonly inactive, with the senders'
   * tracks taken off so the microphone and camera are never heard or seen while held), or resumes it as
   * it was: a new offer, which `exchange` sends and whose answer it returns (undefined when refused).
   * Without an answer the offer is rolled back and nothing changes.
   */
  hold(hold: boolean, exchange: (offerSdp: string) => Promise<string | undefined>): Promise<void> {
    return this.#negotiate(async (pc) => {
      await (hold ? this.#hold(pc) : this.#unhold(pc));
      try {
        await pc.setLocalDescription(await pc.createOffer());
        const answer = await exchange(pc.localDescription?.sdp ?? '');
        if (answer === undefined) throw new Error('The other side did not take the new offer');
        await pc.setRemoteDescription({ type: 'answer', sdp: answer });
      } catch (error) {
        if (pc.signalingState !== 'stable') await pc.setLocalDescription({ type: 'rollback' });
        await (hold ? this.#unhold(pc) : this.#hold(pc));
        throw error;
      }
      this.#heldByMe = hold;
    });
  }

  /** Answers the other side's new offer (they hold or resume). */
  answerNewOffer(offerSdp: string): Promise<string> {
    return this.#negotiate(async (pc) => {
      await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
      try {
        await pc.setLocalDescription(await pc.createAnswer());
      } catch (error) {
        await pc.setRemoteDescription({ type: 'rollback' });
        throw error;
      }
      this.#heldByThem = analyseOffer(offerSdp).holds;
      return pc.localDescription?.sdp ?? '';
    });
  }

  /**
   * One offer/answer at a time: a new offer of the other side that arrives while one of ours is on its way
   * is refused as a conflict (glare) rather than interleaved with it.
   */
  #negotiate<T>(step: (pc: RTCPeerConnection) => Promise<T>): Promise<T> {
    const pc = this.#connected();
    if (this.#negotiating || pc.signalingState !== 'stable') return Promise.reject(new RenegotiationConflictError('Another offer is on its way'));
    this.#negotiating = true;
    return step(pc).finally(() => (this.#negotiating = false));
  }

  async #hold(pc: RTCPeerConnection): Promise<void> {
    if (this.#beforeHold.size > 0) return;
    for (const transceiver of pc.getTransceivers()) {
      const { direction, sender } = transceiver;
      this.#beforeHold.set(transceiver, direction);
      transceiver.direction = direction === 'sendrecv' || direction === 'sendonly' ? 'sendonly' : 'inactive';
      await sender.replaceTrack(null);
    }
  }

  /**
   * Back as before the hold, with the devices in use now: switched, or the camera started or stopped,
   * meanwhile. A transceiver that sent before gets the track of its kind there is now, if any.
   */
  async #unhold(pc: RTCPeerConnection): Promise<void> {
    for (const [transceiver, direction] of this.#beforeHold) {
      transceiver.direction = direction;
      const kind = transceiver.receiver.track.kind;
      const track = kind === 'audio' ? this.localStream?.getAudioTracks()[0] : this.localStream?.getVideoTracks()[0];
      const sent = direction === 'sendrecv' || direction === 'sendonly';
      if (sent && track && pc.getTransceivers().includes(transceiver)) await transceiver.sender.replaceTrack(track);
    }
    this.#beforeHold.clear();
  }

  #connected(): RTCPeerConnection {
    if (!this.pc || this.closed) throw new Error('The call has no media');
    return this.pc;
  }

  /** The remote tracks the connection receives become the call's remote stream. */
  protected receiveRemoteTracks(pc: RTCPeerConnection): void {
    for (const transceiver of pc.getTransceivers()) {
      if (transceiver.currentDirection === 'sendrecv' || transceiver.currentDirection === 'recvonly') this.remoteStream.addTrack(transceiver.receiver.track);
    }
    this.#remoteTracks = this.remoteStream.getTracks().length;
  }

  close(): void {
    this.closed = true;
    this.stopTracks();
    this.pc?.close();
  }

  protected stopTracks(): void {
    for (const track of this.localStream?.getTracks() ?? []) track.stop();
  }

  #localTracksChanged(): void {
    this.#localVideo = (this.#localStream?.getVideoTracks().length ?? 0) > 0;
  }
}

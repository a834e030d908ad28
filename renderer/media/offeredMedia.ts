// Offers this computer's audio and video to a meeting (addAudioVideo) or to someone the person calls
// (startAudioVideo): the person asked for them, so the devices open first and the offer carries their
// tracks. UCWA does not trickle ICE, so the offer goes out once gathering is complete; the answer arrives
// later in a snapshot (a callee's early media first, as a provisional answer).

import { inputConstraint } from './devices';
import { LiveMedia, type ChosenInputs } from './liveMedia.svelte';
import { gatheringComplete } from './peerConnection';

/**
 * `video`: send the camera; `receiveVideo`: see the meeting's video (off when the administrator turned video off);
 * `audioMuted`, `videoMuted`: join with the microphone muted, the camera not opened until the person starts it.
 */
export type OfferOptions = { video: boolean; receiveVideo: boolean; audioMuted?: boolean; videoMuted?: boolean } & ChosenInputs;

export class OfferedMedia extends LiveMedia {
  #offerSdp = '';
  #answered: 'provisional' | 'final' | undefined;

  private constructor() {
    super();
  }

  /** Opens the devices and makes a complete offer; the devices close again if anything fails. */
  static async offer(options: OfferOptions): Promise<OfferedMedia> {
    const media = new OfferedMedia();
    try {
      const cameraOff = options.video && options.videoMuted === true;
      media.localStream = await navigator.mediaDevices.getUserMedia({
        audio: inputConstraint(options.microphone?.deviceId),
        video: options.video && !cameraOff && inputConstraint(options.camera?.deviceId),
      });
      // Muted before the tracks reach the sender: joining muted never sends a moment of sound.
      media.setMuted(options.audioMuted === true);
      const pc = new RTCPeerConnection();
      media.pc = pc;
      for (const track of media.localStream.getTracks()) pc.addTransceiver(track, { direction: 'sendrecv', streams: [media.localStream] });
      if (cameraOff) {
        // The video is offered without a track, so Start camera needs no new offer.
        pc.addTransceiver('video', { direction: 'sendrecv', streams: [media.localStream] });
        media.startWithCameraOff(options.camera?.deviceId);
      } else if (!options.video && options.receiveVideo) {
        // Audio only still sees the meeting's video, where video is allowed.
        pc.addTransceiver('video', { direction: 'recvonly' });
      }
      await pc.setLocalDescription(await pc.createOffer());
      await gatheringComplete(pc);
      media.#offerSdp = pc.localDescription?.sdp ?? '';
      if (!media.#offerSdp) throw new Error('No local description after createOffer');
      return media;
    } catch (error) {
      media.close();
      throw error;
    }
  }

  get offerSdp(): string {
    return this.#offerSdp;
  }

  /** Whether the final answer was taken. */
  get answered(): boolean {
    return this.#answered === 'final';
  }

  /**
   * The other side's answer: media flows once ICE and DTLS are through. A provisional one (early media)
   * is taken as a pranswer, which the final answer then replaces.
   */
  async accept(answerSdp: string, provisional = false): Promise<void> {
    if (this.#answered === 'final' || (this.#answered && provisional) || this.closed || !this.pc) return;
    this.#answered = provisional ? 'provisional' : 'final';
    await this.pc.setRemoteDescription({ type: provisional ? 'pranswer' : 'answer', sdp: answerSdp });
    if (this.remoteStream.getTracks().length === 0) this.receiveRemoteTracks(this.pc);
  }
}

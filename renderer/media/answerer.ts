// Answers a UCWA mediaOffer with the renderer's own RTCPeerConnection and local devices. UCWA does not
// trickle ICE, so the answer is only handed over once gathering is complete.

const GATHERING_TIMEOUT_MS = 10_000;

export type AnswerOptions = { video: boolean };

export class CallMedia {
  readonly pc = new RTCPeerConnection();
  readonly remoteStream = new MediaStream();
  localStream: MediaStream | undefined;
  #muted = false;

  constructor(readonly callId: string) {
    this.pc.addEventListener('track', (event) => this.remoteStream.addTrack(event.track));
  }

  /** setRemoteDescription, local media, createAnswer, full ICE gathering: returns the answer SDP. */
  async answer(offerSdp: string, options: AnswerOptions): Promise<string> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    const offered = new Set(this.pc.getTransceivers().map((t) => t.receiver.track.kind));
    this.localStream = await navigator.mediaDevices.getUserMedia({
      audio: offered.has('audio'),
      video: options.video && offered.has('video'),
    });
    for (const track of this.localStream.getTracks()) this.pc.addTrack(track, this.localStream);
    if (!options.video) {
      for (const transceiver of this.pc.getTransceivers()) {
        if (transceiver.receiver.track.kind === 'video') transceiver.direction = 'inactive';
      }
    }
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    await gatheringComplete(this.pc);
    const sdp = this.pc.localDescription?.sdp;
    if (!sdp) throw new Error('No local description after createAnswer');
    return sdp;
  }

  get muted(): boolean {
    return this.#muted;
  }

  setMuted(muted: boolean): void {
    this.#muted = muted;
    for (const track of this.localStream?.getAudioTracks() ?? []) track.enabled = !muted;
  }

  close(): void {
    for (const track of this.localStream?.getTracks() ?? []) track.stop();
    this.pc.close();
  }
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

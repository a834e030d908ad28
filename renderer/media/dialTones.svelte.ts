// The dial pad's tones: DTMF as RFC 4733 telephone-events on the call's audio sender (RTCRtpSender.dtmf).
// The other side receives them in the audio's RTP; in a Skype for Business call, the media bridge passes
// them on to the caller with the caller's payload type. What the pad shows is Svelte state.

/** The pad's keys, in its order. */
export const DIAL_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

/** While digits wait (the microphone not on the sender yet, the other side holding), how often to look again. */
const RETRY_MS = 250;

export class DialTones {
  #sent = $state('');
  #telephoneEvent = $state<boolean | undefined>();
  /** Digits pressed and not yet handed to the sender. */
  #queued = '';
  /** Whether the sender plays tones: the next digits go once its last tone ended, so fast typing keeps its order. */
  #playing = false;
  #listenedTo: RTCDTMFSender | undefined;
  #retry: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly pc: RTCPeerConnection) {
    pc.addEventListener('signalingstatechange', this.#update);
    pc.addEventListener('connectionstatechange', this.#update);
    this.#update();
  }

  /** The digits sent so far, as the sender played them. */
  get sent(): string {
    return this.#sent;
  }

  /** Whether the call's negotiated audio has telephone-event; undefined until the offer and the answer are both in. */
  get telephoneEvent(): boolean | undefined {
    return this.#telephoneEvent;
  }

  press(keys: string): void {
    this.#queued += keys;
    this.#pump();
  }

  close(): void {
    this.pc.removeEventListener('signalingstatechange', this.#update);
    this.pc.removeEventListener('connectionstatechange', this.#update);
    this.#listenedTo?.removeEventListener('tonechange', this.#toneChanged);
    clearTimeout(this.#retry);
    this.#queued = '';
  }

  readonly #update = () => {
    this.#telephoneEvent = negotiatesTelephoneEvent(this.pc);
    this.#pump();
  };

  #pump(): void {
    clearTimeout(this.#retry);
    if (this.#playing || this.#queued === '' || this.#telephoneEvent === false || this.pc.connectionState === 'closed') return;
    // Chromium plays no tone while the sender has no track (before the microphone is on it, on hold).
    const sender = this.pc.getTransceivers().find((t) => t.receiver.track.kind === 'audio' && t.currentDirection !== 'stopped')?.sender;
    const dtmf = sender?.track ? sender.dtmf : null;
    if (!dtmf?.canInsertDTMF) return this.#later();
    if (this.#listenedTo !== dtmf) {
      this.#listenedTo?.removeEventListener('tonechange', this.#toneChanged);
      dtmf.addEventListener('tonechange', this.#toneChanged);
      this.#listenedTo = dtmf;
    }
    try {
      dtmf.insertDTMF(this.#queued);
    } catch {
      // InvalidStateError: the sender stopped sending between the check and now.
      return this.#later();
    }
    this.#queued = '';
    this.#playing = true;
  }

  #later(): void {
    this.#retry = setTimeout(() => this.#pump(), RETRY_MS);
  }

  /** A tone started (its digit is sent), or the last one ended (an empty tone). */
  readonly #toneChanged = (event: RTCDTMFToneChangeEvent) => {
    if (event.tone) {
      this.#sent += event.tone;
      return;
    }
    this.#playing = false;
    this.#pump();
  };
}

/** Whether the offer and the answer both list telephone-event for the audio (RFC 4733 §7.1.1); undefined before both are in. */
export function negotiatesTelephoneEvent(pc: RTCPeerConnection): boolean | undefined {
  const descriptions = [pc.currentLocalDescription?.sdp, pc.currentRemoteDescription?.sdp];
  if (!descriptions.every((sdp) => sdp)) return undefined;
  return descriptions.every((sdp) => {
    const audio = sdp?.split(/^(?=m=)/m).find((section) => /^m=audio [1-9]/.test(section)) ?? '';
    return /^a=rtpmap:\d+ telephone-event\//im.test(audio);
  });
}

import type { MeetingMediaSnapshot } from '../../preload/shared/contract.js';
import { encodeBase64DataUri } from '../ucwa/dataUri.js';
import { newId } from '../ucwa/ids.js';
import { describeReason, type Reason } from '../ucwa/reasons.js';
import { readNegotiation } from './negotiation.js';

/** Whether the person joins the meeting's audio and video with the microphone muted, the camera off. */
export type JoinMuted = { audioMuted: boolean; videoMuted: boolean };

/** addAudioVideo's body: the renderer's offer to the meeting at `meetingUri`, muted as the person chose. */
export function addAudioVideoBody(meetingUri: string, offerSdp: string, muted: JoinMuted) {
  return {
    operationId: newId(),
    to: meetingUri,
    sessionContext: newId(),
    joinAudioMuted: muted.audioMuted,
    joinVideoMuted: muted.videoMuted,
    _links: { mediaOffer: { href: encodeBase64DataUri('application/sdp', offerSdp) } },
  };
}

/**
 * The audio and video added to a meeting the user is in (addAudioVideo): the client's offer went out in
 * an outgoing audioVideoInvitation; the meeting answers through audioVideoNegotiation, then the
 * invitation completes.
 *
 *   connecting ──mediaAnswer──► (answer known) ──completed Success──► connected ──audioVideo Disconnected──► ended
 *       └──completed Failure──► ended (with the reason)
 */
export class MeetingMedia {
  #phase: MeetingMediaSnapshot['phase'] = 'connecting';
  #answerSdp: string | undefined;
  #connectedAt: number | undefined;
  #problem: string | undefined;

  constructor(
    readonly invitationUrl: URL,
    private readonly now: () => number = Date.now,
  ) {}

  get live(): boolean {
    return this.#phase !== 'ended';
  }

  /** An audioVideoNegotiation resource: its final `mediaAnswer` is the meeting's answer to our offer. */
  negotiated(json: unknown): void {
    const answer = readNegotiation(json);
    if (answer?.provisional === false && this.live) this.#answerSdp = answer.sdp;
  }

  completed(status: 'Success' | 'Failure' | undefined, reason: Reason | undefined): void {
    if (!this.live) return;
    if (status === 'Success' && this.#answerSdp !== undefined) {
      this.#phase = 'connected';
      this.#connectedAt = this.now();
    } else {
      this.end(status === 'Success' ? 'The meeting did not answer with its media.' : describeReason(reason));
    }
  }

  end(problem?: string): void {
    if (!this.live) return;
    this.#phase = 'ended';
    this.#problem = problem;
  }

  snapshot(): MeetingMediaSnapshot {
    return {
      phase: this.#phase,
      ...(this.#answerSdp !== undefined && this.live && { answerSdp: this.#answerSdp }),
      ...(this.#connectedAt !== undefined && { connectedAt: this.#connectedAt }),
      ...(this.#problem !== undefined && { problem: this.#problem }),
    };
  }
}

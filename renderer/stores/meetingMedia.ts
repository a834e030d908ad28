// The person's microphone and camera in the meetings they are in: the offer made with the chosen devices and
// muted as they chose, and the meeting's answer taken once a snapshot brings it.
import type { CallSnapshot, Feature } from '../../preload/shared/contract';
import { OfferedMedia } from '../media/offeredMedia';
import type { PlacingHost } from './outgoingCalls.svelte';

/** What joining a meeting's audio and video needs of the app's store. */
export type MeetingMediaHost = PlacingHost & { readonly features: Readonly<Record<Feature, boolean>>; closeMedia(callId: string): void };

export class MeetingMedia {
  /** Meetings whose offer is being made or sent: their media is not followed until the offer has gone. */
  readonly #offering = new Set<string>();

  constructor(private readonly host: MeetingMediaHost) {}

  /** Adds the person's microphone (and camera) to a meeting they are in, muted as they chose; the answer comes in a snapshot. */
  async join(call: CallSnapshot, video: boolean, muted: { audioMuted: boolean; videoMuted: boolean }): Promise<void> {
    const { host } = this;
    if (this.#offering.has(call.id) || host.media.has(call.id)) return;
    host.problem = undefined;
    this.#offering.add(call.id);
    try {
      const media = await OfferedMedia.offer({ video, receiveVideo: host.features.video, ...muted, ...host.inputs() });
      host.media.set(call.id, media);
      const result = await host.send({ type: 'addMeetingMedia', callId: call.id, sdp: media.offerSdp, ...muted, videoMuted: video && muted.videoMuted });
      if (!result.ok) host.closeMedia(call.id);
      else void host.refreshDevices();
    } catch (error) {
      host.problem = `Could not add your audio and video: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      this.#offering.delete(call.id);
    }
    // The meeting may have answered while the offer was on its way.
    const current = host.snapshot?.calls.find((c) => c.id === call.id);
    if (current) this.follow(current);
  }

  /** A meeting's offered media takes the meeting's answer, and goes when the meeting's audio and video end. */
  follow(call: CallSnapshot): void {
    const media = this.host.media.get(call.id);
    if (!(media instanceof OfferedMedia) || this.#offering.has(call.id)) return;
    const offered = call.meetingMedia;
    if (!offered || offered.phase === 'ended') return this.host.closeMedia(call.id);
    if (offered.answerSdp === undefined || media.answered) return;
    media
      .accept(offered.answerSdp)
      .catch(
        (error: unknown) =>
          (this.host.problem = `Could not connect to the meeting’s audio and video: ${error instanceof Error ? error.message : String(error)}`),
      );
  }
}

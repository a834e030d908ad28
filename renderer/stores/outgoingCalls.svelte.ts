// Calls placed from this window: the offer made with the chosen devices, the callee's answer taken (early
// media's first), and calls via the person's own phone, which carry no media here.
import type { SvelteMap } from 'svelte/reactivity';
import type { AppSnapshot, CallSnapshot, Command, CommandResult } from '../../preload/shared/contract';
import type { ChosenInputs, LiveMedia } from '../media/liveMedia.svelte';
import { OfferedMedia } from '../media/offeredMedia';

/** What placing a call needs of the app's store. */
export type PlacingHost = {
  readonly snapshot: AppSnapshot | undefined;
  readonly media: SvelteMap<string, LiveMedia>;
  problem: string | undefined;
  send(command: Command): Promise<CommandResult>;
  inputs(): ChosenInputs;
  refreshDevices(): Promise<void>;
};

export class OutgoingCalls {
  /** Whether a call is being placed: the buttons that place one (a link's, Recent's) wait, so one click places one call. */
  placing = $state(false);

  constructor(private readonly host: PlacingHost) {}

  /** Calls someone with the devices' offer (the core refuses what is no address or number, with a sentence); resolves with whether it was placed. */
  start(to: string, video: boolean, continueFrom?: string): Promise<boolean> {
    return this.#placeOnce(video, (sdp) => ({ type: 'startCall', to, video, sdp, ...(continueFrom !== undefined && { continueFrom }) }));
  }

  /** Calls the person's voicemail, the address the server gives, audio only; resolves with whether it was placed. */
  voicemail(): Promise<boolean> {
    return this.#placeOnce(false, (sdp) => ({ type: 'callVoicemail', sdp }));
  }

  #placeOnce(video: boolean, command: (sdp: string) => Command): Promise<boolean> {
    return this.#once(() => this.#place(video, command));
  }

  /** Places one call at a time: a second click while one is being placed places none. */
  async #once(place: () => Promise<boolean>): Promise<boolean> {
    if (this.placing) return false;
    this.placing = true;
    return place().finally(() => (this.placing = false));
  }

  async #place(video: boolean, command: (sdp: string) => Command): Promise<boolean> {
    const host = this.host;
    host.problem = undefined;
    const media = await OfferedMedia.offer({ video, receiveVideo: video, ...host.inputs() }).catch((error: unknown) => {
      host.problem = `Could not call: ${error instanceof Error ? error.message : String(error)}`;
    });
    if (!media) return false;
    const result = await host.send(command(media.offerSdp));
    if (!result.ok) return (media.close(), false);
    // The call may have failed, or the callee answered, while the offer was on its way.
    const call = host.snapshot?.calls.find((c) => c.id === result.callId);
    if (!call) return (media.close(), true);
    host.media.set(call.id, media);
    void host.refreshDevices();
    this.followAnswer(call);
    return true;
  }

  /**
   * Calls someone via the person's own phone: the server rings it first; nothing here carries media. Resolves with whether it was placed.
   * `continueFrom`: the Recent entry called back (through its server log's continuePhoneAudio where it has one).
   */
  viaWork(to: string, continueFrom?: string): Promise<boolean> {
    return this.#once(async () => {
      this.host.problem = undefined;
      return (await this.host.send({ type: 'callViaWork', to, ...(continueFrom !== undefined && { continueFrom }) })).ok;
    });
  }

  /** A call placed here takes the callee's answer (early media's first); one that cannot be used, or none once connected, ends it, saying why. */
  followAnswer(call: CallSnapshot): void {
    const media = this.host.media.get(call.id);
    if (!(media instanceof OfferedMedia) || media.answered) return;
    const abandon = (problem: string) => void window.softphone.send({ type: 'abandonCall', callId: call.id, problem });
    // A bridged call's answer is the bridge's, which may come just after the call connected; the bridge ends the call if it cannot make one.
    const answerMissing = call.phase === 'connected' && call.dialect === undefined;
    if (!call.remoteAnswer) return answerMissing ? abandon('The other side answered without its audio and video.') : undefined;
    media
      .accept(call.remoteAnswer.sdp, call.remoteAnswer.provisional && call.phase !== 'connected')
      .catch((error: unknown) => abandon(`The other side’s answer could not be used: ${error instanceof Error ? error.message : String(error)}`));
  }
}

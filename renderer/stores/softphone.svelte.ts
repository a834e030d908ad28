// The renderer's view of the app: the latest snapshot from `window.softphone`, and the media of each call.
// The main window owns the media: it prepares an answer for every call that rings and answers when the
// person chooses, whichever window they chose in. The ring window only tells the choice.
import type { AppSnapshot, CallSnapshot, Command, CommandResult } from '../../preload/contract';
import type { RingChoice } from '../components/RingCard.svelte';
import { CallMedia } from '../media/answerer';
import { analyseOffer } from '../media/sdp';

export type WindowRole = 'main' | 'ring';

class SoftphoneStore {
  snapshot = $state<AppSnapshot | undefined>(undefined);
  /** A sentence about the last thing that went wrong, shown until the next action. */
  problem = $state<string | undefined>(undefined);
  readonly media = new Map<string, CallMedia>();
  mediaVersion = $state(0);
  #role: WindowRole = 'main';
  readonly #answering = new Set<string>();

  connect(role: WindowRole): void {
    this.#role = role;
    window.softphone.onSnapshot((snapshot) => this.#apply(snapshot));
    void this.send({ type: 'getSnapshot' });
  }

  async send(command: Command): Promise<CommandResult> {
    const result = await window.softphone.send(command);
    if (result.ok) this.#apply(result.snapshot);
    else this.problem = result.error.message;
    return result;
  }

  /** What the person chose on a ringing call's card. */
  choose(call: CallSnapshot, choice: RingChoice): void {
    this.problem = undefined;
    if (choice.type === 'answer') void this.send({ type: 'chooseAnswer', callId: call.id, video: choice.video });
    else void this.send({ type: choice.type, callId: call.id });
  }

  #apply(snapshot: AppSnapshot): void {
    this.snapshot = snapshot;
    const live = new Set(snapshot.calls.map((call) => call.id));
    for (const id of [...this.media.keys()]) if (!live.has(id)) this.#dropMedia(id);
    if (this.#role !== 'main') return;
    for (const call of snapshot.calls) {
      if (call.phase === 'ringing' && !this.media.has(call.id)) this.#prepare(call);
      if (call.answerChoice && !this.#answering.has(call.id)) void this.#answer(call, call.answerChoice.video);
    }
  }

  /** Prepares the answer while it rings, so that answering sends it at once. */
  #prepare(call: CallSnapshot): void {
    if (call.kind !== 'audioVideo' || !call.offerSdp || !call.actions.includes('answer')) return;
    const offer = analyseOffer(call.offerSdp);
    if (!offer.answerable) return;
    this.media.set(call.id, CallMedia.prepare(call.id, call.offerSdp, offer.hasVideo));
    this.mediaVersion++;
  }

  async #answer(call: CallSnapshot, video: boolean): Promise<void> {
    const media = this.media.get(call.id);
    if (!media) return;
    this.#answering.add(call.id);
    try {
      const sdp = await media.answer(video);
      const result = await this.send({ type: 'answer', callId: call.id, sdp });
      if (!result.ok) return this.#dropMedia(call.id);
      this.mediaVersion++;
      await media.start({ video, audioMuted: call.context?.joinAudioMuted ?? false, videoMuted: call.context?.joinVideoMuted ?? false });
      this.mediaVersion++;
    } catch (error) {
      const stillThere = this.snapshot?.calls.some((c) => c.id === call.id);
      if (stillThere) this.problem = `Could not start the call: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  #dropMedia(callId: string): void {
    this.#answering.delete(callId);
    this.media.get(callId)?.close();
    if (this.media.delete(callId)) this.mediaVersion++;
  }
}

export const softphone = new SoftphoneStore();

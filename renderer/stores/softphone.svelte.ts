// The renderer's view of the app: the latest snapshot from `window.softphone`, and the media of each call.
import type { AppSnapshot, CallSnapshot, Command, CommandResult } from '../../preload/contract';
import { CallMedia } from '../media/answerer';

class SoftphoneStore {
  snapshot = $state<AppSnapshot | undefined>(undefined);
  /** A sentence about the last thing that went wrong, shown until the next action. */
  problem = $state<string | undefined>(undefined);
  readonly media = new Map<string, CallMedia>();
  mediaVersion = $state(0);

  connect(): void {
    window.softphone.onSnapshot((snapshot) => this.#apply(snapshot));
    void this.send({ type: 'getSnapshot' });
  }

  async send(command: Command): Promise<CommandResult> {
    const result = await window.softphone.send(command);
    if (result.ok) this.#apply(result.snapshot);
    else this.problem = result.error.message;
    return result;
  }

  /** Prepares local media and answers the call's offer. */
  async accept(call: CallSnapshot, video: boolean): Promise<void> {
    if (!call.offerSdp || this.media.has(call.id)) return;
    this.problem = undefined;
    const media = new CallMedia(call.id);
    this.media.set(call.id, media);
    this.mediaVersion++;
    try {
      const sdp = await media.answer(call.offerSdp, { video });
      const result = await this.send({ type: 'answer', callId: call.id, sdp });
      if (!result.ok) this.#dropMedia(call.id);
    } catch (error) {
      this.#dropMedia(call.id);
      const stillThere = this.snapshot?.calls.some((c) => c.id === call.id);
      if (stillThere) this.problem = `Could not start the call: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  #apply(snapshot: AppSnapshot): void {
    this.snapshot = snapshot;
    const live = new Set(snapshot.calls.map((call) => call.id));
    for (const id of [...this.media.keys()]) if (!live.has(id)) this.#dropMedia(id);
  }

  #dropMedia(callId: string): void {
    this.media.get(callId)?.close();
    if (this.media.delete(callId)) this.mediaVersion++;
  }
}

export const softphone = new SoftphoneStore();

// A conversation the person opened from Home: whom it is with, until their first message starts it.
import { app } from './app.svelte';

class ConversationDraft {
  to = $state<string | undefined>(undefined);
  /** The Recent entry it continues, if any (see the startMessaging command). */
  #continueFrom: string | undefined;

  open(to: string, continueFrom?: string): void {
    app.problem = undefined;
    this.to = to;
    this.#continueFrom = continueFrom;
  }

  close(): void {
    this.to = undefined;
  }

  /** The first message starts the conversation (the core refuses what is no address, with a sentence); resolves with whether it did. */
  async start(text: string): Promise<boolean> {
    if (this.to === undefined) return false;
    app.problem = undefined;
    const continueFrom = this.#continueFrom;
    const result = await app.send({ type: 'startMessaging', to: this.to, text, ...(continueFrom !== undefined && { continueFrom }) });
    if (result.ok) this.to = undefined;
    return result.ok;
  }
}

export const conversationDraft = new ConversationDraft();

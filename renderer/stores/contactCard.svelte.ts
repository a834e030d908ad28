// The contact card the person opened (from Recent, a search result or the contact list): whom it is of, and the card once
// the core has it (getContactCard), or why it could not be read.
import type { ContactCard } from '../../preload/shared/contract';
import { app } from './app.svelte';

export type ShownCard = { uri: string; name: string; card?: ContactCard; problem?: string };

class ContactCardStore {
  shown = $state.raw<ShownCard | undefined>(undefined);

  async open(uri: string, name: string): Promise<void> {
    app.problem = undefined;
    this.shown = { uri, name };
    const result = await app.send({ type: 'getContactCard', uri });
    // Closed, or another card opened, while this one was read.
    if (this.shown?.uri !== uri) return;
    this.shown =
      result.ok && result.card ? { uri, name: result.card.name, card: result.card } : { uri, name, problem: result.ok ? undefined : result.error.message };
  }

  close(): void {
    this.shown = undefined;
  }
}

export const contactCard = new ContactCardStore();

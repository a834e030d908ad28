import type { ChatLine } from '../../preload/shared/contract.js';

/**
 * Messages kept per conversation, each at most MESSAGE_TEXT_KEPT characters; older ones drop off. Every
 * snapshot carries them, so a conversation stays under a megabyte however much the other side sends.
 */
const MESSAGES_KEPT = 100;

/** The messages of a conversation (an IM conversation, a meeting's chat), and who sent them in a meeting. */
export class ChatLog {
  readonly #lines: ChatLine[] = [];
  /** The message resources already shown, so a repeated event shows nothing twice. */
  readonly #hrefs = new Set<string>();
  /** The names of the meeting's participants who wrote, by their resource's href: each is read once. */
  readonly senders = new Map<string, string>();

  has(href: string): boolean {
    return this.#hrefs.has(href);
  }

  /** A message of the conversation, by its resource; the last MESSAGES_KEPT are kept. */
  received(href: string, line: ChatLine): void {
    this.#hrefs.add(href);
    for (const old of this.#hrefs) {
      if (this.#hrefs.size <= MESSAGES_KEPT) break;
      this.#hrefs.delete(old);
    }
    this.#lines.push(line);
    if (this.#lines.length > MESSAGES_KEPT) this.#lines.splice(0, this.#lines.length - MESSAGES_KEPT);
  }

  get lines(): readonly ChatLine[] {
    return this.#lines;
  }
}

import type { ChatLine } from '../../preload/shared/contract.js';
import { MAX_ROSTER_SHOWN } from '../../preload/shared/meetings.js';

/**
 * Messages kept per conversation, each at most MESSAGE_TEXT_KEPT characters; older ones drop off. Every
 * snapshot carries them, so a conversation stays under a megabyte however much the other side sends.
 */
const MESSAGES_KEPT = 100;

/** Names of meeting participants who wrote kept per conversation, as many as a roster shows. */
const SENDERS_KEPT = MAX_ROSTER_SHOWN;

/** The messages of a conversation (an IM conversation, a meeting's chat), and who sent them in a meeting. */
export class ChatLog {
  readonly #lines: ChatLine[] = [];
  /** The message resources already shown, so a repeated event shows nothing twice. */
  readonly #hrefs = new Set<string>();
  /** The names of the meeting's participants who wrote, by their resource's href: each is read once, the last SENDERS_KEPT kept. */
  readonly #senders = new Map<string, string>();

  has(href: string): boolean {
    return this.#hrefs.has(href);
  }

  /** A message of the conversation, by its resource; the last MESSAGES_KEPT are kept. */
  received(href: string, line: ChatLine): void {
    this.#hrefs.add(href);
    dropOldest(this.#hrefs, MESSAGES_KEPT);
    this.#lines.push(line);
    if (this.#lines.length > MESSAGES_KEPT) this.#lines.splice(0, this.#lines.length - MESSAGES_KEPT);
  }

  senderName(href: string): string | undefined {
    return this.#senders.get(href);
  }

  learntSender(href: string, name: string): void {
    this.#senders.set(href, name);
    dropOldest(this.#senders, SENDERS_KEPT);
  }

  get lines(): readonly ChatLine[] {
    return this.#lines;
  }
}

/** Deletes the entries added first until at most `max` are left. */
function dropOldest(kept: Set<string> | Map<string, string>, max: number): void {
  for (const oldest of kept.keys()) {
    if (kept.size <= max) break;
    kept.delete(oldest);
  }
}

import { TypingNotices } from '../../preload/shared/typingNotices.js';

/** Who else is typing in a conversation (its typingParticipants), and when this side's typing is next told. */
export class Typing {
  readonly #typists = new Set<string>();
  readonly #notices = new TypingNotices();

  /** Whether anyone else is typing now. */
  get others(): boolean {
    return this.#typists.size > 0;
  }

  /** A participant, by href, started or stopped typing; returns whether that changed anything. */
  changed(participantHref: string, typing: boolean): boolean {
    if (typing === this.#typists.has(participantHref)) return false;
    if (typing) this.#typists.add(participantHref);
    else this.#typists.delete(participantHref);
    return true;
  }

  /** They sent their message, or the conversation ended: no one types any more. */
  stopped(): void {
    this.#typists.clear();
  }

  /** Whether this side's typing is due to be told at `now` (setIsTyping); when it is, it counts as told. */
  due(now: number): boolean {
    return this.#notices.due(now);
  }
}

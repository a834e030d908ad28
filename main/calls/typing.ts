/**
 * How often the person's typing is told while they type. The server shows someone as typing for a short
 * while after each setIsTyping (setIsTyping_ref: "a short timer"), and Lync's own platform repeats it
 * every five seconds while the person composes; once every four keeps the indicator on without a gap.
 */
export const TYPING_REPEAT_MS = 4000;

/** Who else is typing in a conversation (its typingParticipants), and when this side last said it types. */
export class Typing {
  readonly #typists = new Set<string>();
  #toldAt: number | undefined;

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

  /** Whether this side's typing is due to be told at `now`; when it is, it counts as told. */
  due(now: number): boolean {
    if (this.#toldAt !== undefined && now - this.#toldAt < TYPING_REPEAT_MS) return false;
    this.#toldAt = now;
    return true;
  }
}

/**
 * How often the person's typing is told while they type. The server shows someone as typing for a short
 * while after each setIsTyping (setIsTyping_ref: "a short timer"), and Lync's own platform repeats it
 * every five seconds while the person composes; once every four keeps the indicator on without a gap.
 */
export const TYPING_REPEAT_MS = 4000;

/** When the person's typing in one conversation is next due to be told: at most once every TYPING_REPEAT_MS. */
export class TypingNotices {
  #toldAt: number | undefined;

  /** Whether it is due at `now`; when it is, it counts as told. */
  due(now: number): boolean {
    if (this.#toldAt !== undefined && now - this.#toldAt < TYPING_REPEAT_MS) return false;
    this.#toldAt = now;
    return true;
  }
}

import { describe, expect, it } from 'vitest';
import { TYPING_REPEAT_MS, TypingNotices } from '../../preload/shared/typingNotices.js';

describe('telling the person’s typing (setIsTyping)', () => {
  it('is due at the first key, then again only once TYPING_REPEAT_MS has passed since it was last told', () => {
    const notices = new TypingNotices();
    const told = [0, 1, TYPING_REPEAT_MS - 1, TYPING_REPEAT_MS, TYPING_REPEAT_MS + 1, 2 * TYPING_REPEAT_MS].filter((now) => notices.due(now));
    expect(told).toEqual([0, TYPING_REPEAT_MS, 2 * TYPING_REPEAT_MS]);
  });
});

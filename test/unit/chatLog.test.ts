// A meeting chat's log of who wrote stays bounded however many people write: each name is kept once, the
// newest as many as a roster shows.
import { describe, expect, it } from 'vitest';
import { ChatLog } from '../../main/calls/chatLog.js';
import { MAX_ROSTER_SHOWN } from '../../preload/shared/meetings.js';

describe('the chat log of a meeting', () => {
  it('keeps the names of the newest writers only, as many as a roster shows', () => {
    const chat = new ChatLog();
    const href = (i: number) => `https://ucwa.contoso.com/conversations/1/participants/${i}`;
    for (let i = 0; i <= MAX_ROSTER_SHOWN; i++) chat.learntSender(href(i), `Colleague ${i}`);
    expect(chat.senderName(href(0))).toBeUndefined();
    expect(chat.senderName(href(1))).toBe('Colleague 1');
    expect(chat.senderName(href(MAX_ROSTER_SHOWN))).toBe(`Colleague ${MAX_ROSTER_SHOWN}`);
  });
});

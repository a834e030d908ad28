// How long a message's text the app keeps: a conversation's messages, a past conversation's transcript.
import type { MessageText } from '../../preload/shared/contract.js';

/**
 * The longest message text kept and shown, in characters: what this app lets a person send. A server may
 * send 192 KB in one message, and every snapshot carries the conversation's messages.
 */
export const MESSAGE_TEXT_KEPT = 8000;

/** `text` as kept: past MESSAGE_TEXT_KEPT characters it is cut (never inside a surrogate pair), with an ellipsis. */
export function keptText(text: string): MessageText {
  if (text.length <= MESSAGE_TEXT_KEPT) return { text };
  const end = MESSAGE_TEXT_KEPT - 1;
  const high = text.charCodeAt(end - 1);
  return { text: `${text.slice(0, high >= 0xd800 && high <= 0xdbff ? end - 1 : end)}…`, shortened: true };
}

// What both kinds of chat in the local service do with the user's messages (an IM conversation the user
// started, a meeting's chat): sendMessage takes one and the other side answers it, after showing it types
// (typingParticipants); setIsTyping is counted for the test.
import type { ConversationRequest } from './outgoingCalls.js';
import type { Outgoing, OutgoingChat } from './outgoingInvitation.js';
import type { OutgoingLedger } from './outgoingLedger.js';
import { resourceIn } from './flavour.js';
import * as shapes from './resources.js';
import { created, noContent, readBody } from './serviceHttp.js';

/** Who answers: the participant who types and writes back (a meeting's names them in its messages). */
export type Answerer = { typistHref: string; participantHref?: string };

/** sendMessage and setIsTyping on a connected chat; false for any other request. */
export async function chatTurn(
  ledger: OutgoingLedger,
  call: Outgoing,
  chat: OutgoingChat,
  { method, resource, request, response, url }: ConversationRequest,
  answerer: Answerer,
  replyAfterMs: number,
): Promise<boolean> {
  const asked = `${method} ${resource}`;
  if (asked === 'POST /messaging/messages') {
    const sent = await chat.log.send(request, url);
    ledger.push(call, sent.event);
    created(response, sent.location, resourceIn(call.flavour ?? 'ucwa', sent.event._embedded?.message));
    if (chat.echo) answer(ledger, call, chat, answerer, `You said: ${sent.chat.text}`, replyAfterMs);
    return true;
  }
  if (asked === 'POST /messaging/setIsTyping') {
    await readBody(request);
    chat.typingNotices++;
    noContent(response);
    return true;
  }
  return false;
}

/** The answerer types for a moment (typingParticipants), then writes `text`, while the chat goes on. */
export function answer(ledger: OutgoingLedger, call: Outgoing, chat: OutgoingChat, answerer: Answerer, text: string, afterMs: number): void {
  ledger.push(call, shapes.typingEvent(call.conversationPath, answerer.typistHref, 'added'));
  const reply = setTimeout(() => {
    chat.replies.delete(reply);
    if (call.state !== 'Connected' || call.chat !== chat) return;
    ledger.push(
      call,
      shapes.typingEvent(call.conversationPath, answerer.typistHref, 'deleted'),
      chat.log.incoming({ format: 'plain', text }, answerer.participantHref),
    );
  }, afterMs);
  chat.replies.add(reply);
}

// A meeting's chat in the local service, as addMessaging, messaging and message document it: the user
// adds messaging to their conversation in a meeting (addMessaging: a messagingInvitation that completes
// once the messaging modality connected), then messages go both ways; stopMessaging ends the chat, not the
// meeting. A scripted participant, Katherine Johnson, answers each message after showing she types, and
// each of her messages links her participant resource, which names her.
import * as z from '../../preload/shared/zod/zod.js';
import { chatTurn, type Answerer } from './chatTurns.js';
import { MessageLog, type ChatMessage } from './messages.js';
import type { ConversationRequest } from './outgoingCalls.js';
import { invitationJson, messagingEvent, operationIdSchema, type Outgoing } from './outgoingInvitation.js';
import type { OutgoingLedger } from './outgoingLedger.js';
import * as shapes from './resources.js';
import type { Person } from './resources.js';
import { created, noContent, parseRequest, readBody, readJsonBody, sendJson, ServiceError } from './serviceHttp.js';

/** The meeting's participant who answers in its chat. */
export const CHAT_PARTICIPANT: Person = { name: 'Katherine Johnson', uri: 'sip:katherine@softphone.local' };

const addMessagingSchema = z.object({
  operationId: operationIdSchema,
  _links: z.object({ message: z.object({ href: z.string().max(256 * 1024) }).optional() }).optional(),
});

/** What a test sees of a meeting's chat, and how it plays the participant who writes in it. */
export type MeetingChatView = {
  /** The user's messages in the chat, oldest first. */
  readonly fromUser: readonly ChatMessage[];
  /** Whether the user's chat is connected now. */
  readonly open: boolean;
  /** The participant writes to everyone (at once, without typing first). */
  say(text: string): void;
};

export class MeetingChats {
  constructor(
    private readonly ledger: OutgoingLedger,
    /** How long the participant shows she types before she answers. */
    private readonly replyAfterMs: number,
  ) {}

  /** The test's view of the chat of `meetingCall()`, the user's conversation in a meeting while they are in it. */
  view(meetingCall: () => Outgoing | undefined): MeetingChatView {
    return {
      get fromUser() {
        return meetingCall()?.chat?.log.fromCallee ?? [];
      },
      get open() {
        return meetingCall()?.chat !== undefined;
      },
      say: (text) => {
        const call = meetingCall();
        if (call?.chat) this.ledger.push(call, call.chat.log.incoming({ format: 'plain', text }, participantHref(call)));
      },
    };
  }

  /** The requests on the meeting conversation's messaging, and on the participant who writes; false for any other. */
  async route(meetingCall: Outgoing, asked: ConversationRequest): Promise<boolean> {
    const { method, resource, request, response } = asked;
    const { conversationPath } = meetingCall;
    const chat = meetingCall.state === 'Connected' ? meetingCall.chat : undefined;
    const answerer: Answerer = { typistHref: participantHref(meetingCall), participantHref: participantHref(meetingCall) };
    if (chat && (await chatTurn(this.ledger, meetingCall, chat, asked, answerer, this.replyAfterMs))) return true;
    switch (`${method} ${resource}`) {
      case 'GET /messaging':
        sendJson(
          response,
          200,
          shapes.messaging(conversationPath, chat ? 'Connected' : 'Disconnected', { addable: !chat && meetingCall.state === 'Connected' }),
        );
        return true;
      case 'POST /messaging/addMessaging':
        parseRequest(addMessagingSchema, await readJsonBody(request));
        if (meetingCall.state !== 'Connected' || meetingCall.chat) throw new ServiceError(409, 'Conflict');
        this.#add(meetingCall, response);
        return true;
      case 'POST /messaging/stopMessaging':
        await readBody(request);
        if (!chat) throw new ServiceError(409, 'Conflict');
        this.#stop(meetingCall);
        noContent(response);
        return true;
      case 'POST /messaging/messages':
      case 'POST /messaging/setIsTyping':
        throw new ServiceError(409, 'Conflict');
      case `GET ${participantHref(meetingCall).slice(conversationPath.length)}`:
        sendJson(response, 200, shapes.participant(participantHref(meetingCall), CHAT_PARTICIPANT, meetingCall.app.path));
        return true;
      default:
        return false;
    }
  }

  /** addMessaging: the invitation is created, the messaging modality connects, then the invitation completes. */
  #add(meetingCall: Outgoing, response: ConversationRequest['response']): void {
    const { conversationPath } = meetingCall;
    const invitation = this.ledger.create(meetingCall.app, 'messaging', {
      conversationPath,
      subject: meetingCall.subject,
      to: meetingCall.to,
      operationId: meetingCall.operationId,
      threadId: meetingCall.threadId,
    });
    meetingCall.messaging = invitation;
    created(response, invitation.path, invitationJson(invitation));
    meetingCall.chat = { log: new MessageLog(`${conversationPath}/messaging`), echo: true, typingNotices: 0, replies: new Set() };
    this.ledger.connected(invitation, () => [messagingEvent(conversationPath, 'Connected')]);
  }

  /** stopMessaging: the chat's modality disconnects; the meeting goes on, and the user may add messaging again. */
  #stop(meetingCall: Outgoing): void {
    for (const reply of meetingCall.chat?.replies ?? []) clearTimeout(reply);
    meetingCall.chat = undefined;
    if (meetingCall.messaging) this.ledger.release(meetingCall.messaging);
    meetingCall.messaging = undefined;
    this.ledger.push(meetingCall, messagingEvent(meetingCall.conversationPath, 'Disconnected'));
  }
}

/** The chat participant's resource in the meeting's conversation. */
function participantHref(meetingCall: Outgoing): string {
  return `${meetingCall.conversationPath}/participants/${encodeURIComponent(CHAT_PARTICIPANT.uri)}`;
}

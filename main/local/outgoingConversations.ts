// The IM conversations the user starts (startMessaging), once the other person accepted: messages both
// ways on the conversation's messaging resource (sendMessage), typing (setIsTyping, and the other person's
// typingParticipants events), and its end (stopMessaging or DELETE by the user; the other person leaving).
// The directory's chat callee shows it is typing, then answers each message with "You said: …".
import type { ConversationRequest } from './outgoingCalls.js';
import { messagingEvent, type Outgoing } from './outgoingInvitation.js';
import type { OutgoingLedger } from './outgoingLedger.js';
import { chatTurn } from './chatTurns.js';
import { MessageLog, type ChatMessage } from './messages.js';
import { resourceIn } from './flavour.js';
import * as shapes from './resources.js';
import { noContent, readBody, sendJson, ServiceError } from './serviceHttp.js';

/** What a test sees of a conversation the user started, and how it plays the other person. */
export type PlacedConversation = {
  readonly to: string;
  readonly state: Outgoing['state'];
  /** What the user sent after the first message (which went with the invitation). */
  readonly messagesFromUser: readonly ChatMessage[];
  /** How often the user's typing was told (setIsTyping). */
  readonly typingNotices: number;
  /** The other person leaves the conversation. */
  hangUp(): void;
};

export class OutgoingConversations {
  readonly #placed: PlacedConversation[] = [];

  constructor(
    private readonly ledger: OutgoingLedger,
    /** How long the chat callee shows it is typing before it answers. */
    private readonly replyAfterMs: number,
  ) {}

  /** The latest conversation the user started with `uri`. */
  placedTo(uri: string): PlacedConversation | undefined {
    return this.#placed.findLast((placed) => placed.to === uri);
  }

  /** Keeps the invitation's conversation, which the user reaches once it connects. */
  track(outgoing: Outgoing): void {
    this.ledger.opensConversation(outgoing);
    this.#placed.splice(0, this.#placed.length - 9);
    this.#placed.push({
      to: outgoing.to,
      get state() {
        return outgoing.state;
      },
      get messagesFromUser() {
        return outgoing.chat?.log.fromCallee ?? [];
      },
      get typingNotices() {
        return outgoing.chat?.typingNotices ?? 0;
      },
      hangUp: () => this.#end(outgoing, 'callee'),
    });
  }

  /** The other person accepted: the messaging modality connects, then the invitation completes. */
  connect(outgoing: Outgoing, echo: boolean): void {
    outgoing.chat = { log: new MessageLog(`${outgoing.conversationPath}/messaging`), echo, typingNotices: 0, replies: new Set() };
    this.ledger.connected(outgoing, () => [messagingEvent(outgoing.conversationPath, 'Connected')]);
  }

  /** The requests on the conversation: itself, its messaging modality, messages, typing and the end. */
  async routeConversation(call: Outgoing, { method, resource, request, response, url }: ConversationRequest): Promise<void> {
    const chat = call.state === 'Connected' ? call.chat : undefined;
    const typistHref = `${call.conversationPath}/participants/${encodeURIComponent(call.to)}`;
    if (chat && (await chatTurn(this.ledger, call, chat, { method, resource, request, response, url }, { typistHref }, this.replyAfterMs))) return;
    const connected = () => {
      if (!chat) throw new ServiceError(409, 'Conflict');
      return chat;
    };
    const state = call.state === 'Failed' ? 'Disconnected' : call.state;
    const flavoured = (json: unknown) => resourceIn(call.flavour ?? 'ucwa', json);
    switch (resource ? `${method} ${resource}` : method) {
      case 'GET':
        return sendJson(response, 200, flavoured(shapes.conversation(call.conversationPath, state, call.threadId, call.subject)));
      case 'GET /messaging':
        return sendJson(response, 200, flavoured(shapes.messaging(call.conversationPath, state)));
      case 'POST /messaging/messages':
      case 'POST /messaging/setIsTyping':
        throw new ServiceError(409, 'Conflict');
      case 'DELETE':
      case 'POST /messaging/stopMessaging':
        await readBody(request);
        connected();
        this.#end(call, 'user');
        return noContent(response);
      default:
        throw new ServiceError(405, 'MethodNotAllowed');
    }
  }

  /** The conversation ends: the messaging modality disconnects; when the other person leaves, the conversation goes too. */
  #end(call: Outgoing, by: 'user' | 'callee'): void {
    if (call.state !== 'Connected') return;
    this.ledger.release(call);
    call.state = 'Failed';
    const { conversationPath, app } = call;
    this.ledger.push(call, messagingEvent(conversationPath, 'Disconnected'));
    if (by === 'user') return;
    this.ledger.push(call, {
      sender: { rel: 'communication', href: `${app.path}/communication` },
      link: { rel: 'conversation', href: conversationPath },
      type: 'deleted',
    });
  }
}

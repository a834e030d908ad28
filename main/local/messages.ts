// The instant messages of one connected IM conversation in the local service: what the user sends
// (POST sendMessage, text/plain or text/html) and the `message` events both ways, shaped as UCWA shows
// them (a completed event with direction, timeStamp and a plainMessage/htmlMessage data: link).
import type { IncomingMessage } from 'node:http';
import type { ServiceEvent } from './eventQueue.js';
import { message } from './resources.js';
import { readBody, ServiceError } from './serviceHttp.js';

export type MessageFormat = 'plain' | 'html';
export type ChatMessage = { format: MessageFormat; text: string };

const MAX_MESSAGE_BYTES = 64 * 1024;

export class MessageLog {
  /** What the user sent, for the test playing the other person to read. */
  readonly fromCallee: ChatMessage[] = [];
  #next = 1;

  constructor(readonly messagingPath: string) {}

  get sendMessageHref(): string {
    return `${this.messagingPath}/messages`;
  }

  /** A message from the other person to the user; in a meeting, from the participant at `participantHref`. */
  incoming(chat: ChatMessage, participantHref?: string): ServiceEvent {
    return this.#event('Incoming', chat, participantHref);
  }

  /** sendMessage: the user's message, checked like the server would, and its completed event. */
  async send(request: IncomingMessage, url: URL): Promise<{ location: string; event: ServiceEvent; chat: ChatMessage }> {
    const operationId = url.searchParams.get('operationId') ?? '';
    if (operationId.length > 50) throw new ServiceError(400, 'BadRequest', 'ParameterValidationFailure');
    const type = request.headers['content-type']?.split(';')[0]?.trim();
    if (type !== 'text/plain' && type !== 'text/html') throw new ServiceError(415, 'UnsupportedMediaType');
    const body = await readBody(request);
    if (body.length === 0) throw new ServiceError(400, 'BadRequest', 'ParameterValidationFailure');
    if (body.length > MAX_MESSAGE_BYTES) throw new ServiceError(413, 'EntityTooLarge');
    const chat: ChatMessage = { format: type === 'text/html' ? 'html' : 'plain', text: body.toString('utf8') };
    this.fromCallee.push(chat);
    const event = this.#event('Outgoing', chat);
    return { location: event.link.href, event, chat };
  }

  #event(direction: 'Incoming' | 'Outgoing', chat: ChatMessage, participantHref?: string): ServiceEvent {
    const href = `${this.messagingPath}/messages/${this.#next++}`;
    return {
      sender: { rel: 'messaging', href: this.messagingPath },
      link: { rel: 'message', href },
      type: 'completed',
      status: 'Success',
      _embedded: { message: message(href, direction, chat.format, chat.text, Date.now(), participantHref) },
    };
  }
}

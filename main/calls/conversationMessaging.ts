// What the person does in an IM conversation, on its messaging resource: send a message (sendMessage),
// say they are typing (setIsTyping, at most once every few seconds) and end it (stopMessaging).
import type { UcwaSession } from '../ucwa/client.js';
import { newId } from '../ucwa/ids.js';
import type { Links } from '../ucwa/resources.js';
import type { Call } from './call.js';
import type { CallEvents } from './callEvents.js';
import { UnavailableActionError } from './errors.js';

export class ConversationMessaging {
  constructor(
    private readonly session: UcwaSession,
    private readonly events: CallEvents,
    private readonly now: () => number = Date.now,
  ) {}

  /** sendMessage; the message comes back as an event. */
  async send(call: Call, text: string): Promise<void> {
    const messaging = await this.#messaging(call);
    const href = messaging.links.get('sendMessage');
    if (href === undefined) throw new UnavailableActionError('The conversation does not take messages now');
    await this.session.post(href, messaging.url, { body: { text, contentType: 'text/plain' }, query: { operationId: newId() } });
  }

  /** The person types: setIsTyping at most once every TYPING_REPEAT_MS; a server that offers no setIsTyping is not told. */
  async typing(call: Call): Promise<void> {
    if (call.phase !== 'connected' || !call.typing.due(this.now())) return;
    const messaging = await this.#messaging(call);
    const href = messaging.links.get('setIsTyping');
    if (href !== undefined) await this.session.post(href, messaging.url);
  }

  /** Ends the conversation with stopMessaging where its messaging resource offers it, else by leaving it (DELETE). */
  async end(call: Call, conversationHref: string): Promise<void> {
    const messaging = await this.#messaging(call);
    const stop = messaging.links.get('stopMessaging');
    if (stop !== undefined) await this.session.post(stop, messaging.url);
    else await this.session.remove(conversationHref, call.invitationUrl);
  }

  /** The conversation's messaging resource, read afresh: its links come and go with its state. */
  #messaging(call: Call): Promise<{ url: URL; links: Links }> {
    const href = call.invitation.links.get('messaging');
    if (call.phase !== 'connected' || href === undefined) throw new UnavailableActionError('Messages can be sent in a connected IM conversation only');
    return this.events.follow(href, call.invitationUrl, 'messaging');
  }
}

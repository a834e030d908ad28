// What the person does in an IM conversation or a meeting's chat, on its messaging resource: send a
// message (sendMessage), say they are typing (setIsTyping, at most once every few seconds) and end it
// (stopMessaging); and a meeting's chat begins with addMessaging.
import type { UcwaSession } from '../ucwa/client.js';
import { reportingServerProblems, type UcwaError } from '../ucwa/errors.js';
import { newId } from '../ucwa/ids.js';
import type { Links } from '../ucwa/resources.js';
import type { Call } from './call.js';
import type { CallEvents } from './callEvents.js';
import { UnavailableActionError } from './errors.js';

export class ConversationMessaging {
  constructor(
    private readonly session: UcwaSession,
    private readonly events: CallEvents,
    private readonly onProblem: (error: UcwaError) => void,
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

  /**
   * addMessaging on a meeting the user is in, where the server offers it: the meeting's chat, whose
   * messaging modality then connects (an event says so: see CallEvents). The server's problems are reported: the meeting goes on.
   */
  joinChat(call: Call): Promise<void> {
    return reportingServerProblems(this.#addMessaging(call), this.onProblem);
  }

  async #addMessaging(call: Call): Promise<void> {
    if (call.kind !== 'onlineMeetingInvitation' || call.phase !== 'connected' || call.conversationHref === undefined) return;
    const conversation = await this.events.follow(call.conversationHref, call.invitationUrl, 'conversation');
    const messagingHref = conversation.links.get('messaging');
    const messaging = messagingHref === undefined ? undefined : await this.events.follow(messagingHref, conversation.url, 'messaging');
    const add = messaging?.links.get('addMessaging');
    if (messaging !== undefined && add !== undefined) await this.session.create(add, messaging.url, { json: { operationId: newId() } });
  }

  /** The conversation's messaging resource, read afresh: its links come and go with its state. */
  #messaging(call: Call): Promise<{ url: URL; links: Links }> {
    const href = call.messagingHref;
    if (call.phase !== 'connected' || href === undefined)
      throw new UnavailableActionError('Messages can be sent in a connected IM conversation or meeting chat only');
    return this.events.follow(href, call.invitationUrl, 'messaging');
  }
}

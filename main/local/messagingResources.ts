// The instant-messaging resources of the local service, as their reference pages show them: a
// conversation's messaging modality, its typingParticipants events and a message.
/** Text in a data: URI, as UCWA's samples encode it. */
export function formEncode(text: string): string {
  return encodeURIComponent(text).replace(/%20/g, '+');
}

/** `addable`: the user may add messaging to the conversation (a meeting they are in: addMessaging). */
export function messaging(conversationPath: string, state: string, { addable = false } = {}) {
  const self = `${conversationPath}/messaging`;
  return {
    rel: 'messaging',
    state,
    negotiatedMessageFormats: ['Plain', 'Html'],
    _links: {
      self: { href: self },
      conversation: { href: conversationPath },
      ...(state === 'Connected' && {
        sendMessage: { href: `${self}/messages` },
        setIsTyping: { href: `${self}/setIsTyping` },
        stopMessaging: { href: `${self}/stopMessaging` },
      }),
      ...(addable && { addMessaging: { href: `${self}/addMessaging` } }),
    },
  };
}

/** Someone in the conversation started typing (`added`) or stopped (`deleted`): typingParticipants, as its page shows it. */
export function typingEvent(conversationPath: string, participantHref: string, type: 'added' | 'deleted') {
  return {
    sender: { rel: 'conversation', href: conversationPath },
    link: { rel: 'participant', href: participantHref },
    in: { rel: 'typingParticipants', href: `${conversationPath}/participants/typingParticipants` },
    type,
  };
}

/** One instant message as a `message` event embeds it; `participantHref`: who sent an incoming one, in a meeting. */
export function message(href: string, direction: 'Incoming' | 'Outgoing', format: 'plain' | 'html', text: string, at: number, participantHref?: string) {
  const link = format === 'html' ? 'htmlMessage' : 'plainMessage';
  return {
    rel: 'message',
    direction,
    timeStamp: `/Date(${at})/`,
    _links: {
      self: { href },
      [link]: { href: `data:text/${format};charset=utf-8,${formEncode(text)}` },
      ...(participantHref !== undefined && { participant: { href: participantHref } }),
    },
  };
}

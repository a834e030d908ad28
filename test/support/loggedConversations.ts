import type { LoggedConversation } from '../../main/local/conversationLogResources.js';

/** Grace, the local service's chat@ callee: she answers every message. */
export const GRACE = { name: 'Grace Hopper', uri: 'sip:chat@softphone.local' };

/** An archived IM conversation Grace began `minutesAgo`, as the service's conversation logs keep it. */
export const graceMessageLog = (minutesAgo: number): Omit<LoggedConversation, 'id'> => {
  const startedAt = Date.now() - minutesAgo * 60_000;
  return {
    type: 'MessageLog',
    status: 'Archived',
    direction: 'Incoming',
    who: GRACE,
    subject: '',
    modalities: ['Messaging'],
    startedAt,
    messages: [{ from: 'them', text: 'Lunch at noon?', at: startedAt }],
    read: true,
  };
};

import { describe, expect, it } from 'vitest';
import type { ServiceEvent } from '../../main/local/eventQueue.js';
import type { Flavour } from '../../main/local/service.js';
import { eventually, signInPerTest } from '../support/localServer.js';

const CHAT = 'sip:chat@softphone.local';

const signIn = signInPerTest();

/** A client whose requests are listed (method and path), over the real fetch. */
function recordingFetch(requests: string[]): typeof fetch {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    requests.push(`${init?.method ?? 'GET'} ${url.pathname}`);
    return fetch(input, init);
  };
}

describe.each<Flavour>(['ucwa', 'saas'])('IM conversations started here (%s rels)', (flavour) => {
  it('starts one with its first message, sends and receives, sees the other side type, tells its own typing and ends it with stopMessaging', async () => {
    const released: ServiceEvent[] = [];
    const requests: string[] = [];
    const { service, calls, ended } = await signIn({
      service: { messagingFlavour: flavour, calleeAnswerMs: 200, onEventsReleased: (events) => released.push(...events) },
      client: { fetch: recordingFetch(requests) },
    });
    const id = await calls.startMessaging('chat@softphone.local', 'Hello Grace');
    const connected = await eventually('accepted', () => calls.snapshot().calls.find((c) => c.id === id && c.phase === 'connected' && c.context?.to));
    expect(connected).toMatchObject({ kind: 'messaging', direction: 'Outgoing', to: CHAT, firstMessage: { text: 'Hello Grace' } });
    expect(connected.context?.to).toBe('Grace Hopper');
    expect(service.messagesSentTo(CHAT)).toEqual(['Hello Grace']);

    // Typing is told once, however many keys are pressed in a row.
    await calls.typing(id);
    await calls.typing(id);
    const conversation = service.conversationStartedWith(CHAT);
    expect(conversation?.typingNotices).toBe(1);
    expect(requests.filter((r) => r.endsWith('/messaging/setIsTyping'))).toHaveLength(1);

    await calls.sendMessage(id, 'How are you?');
    await eventually('Grace typing', () => calls.snapshot().calls.find((c) => c.id === id && c.othersTyping));
    const replied = await eventually('the reply', () => calls.snapshot().calls.find((c) => c.id === id && c.messages?.some((m) => m.direction === 'Incoming')));
    expect(replied.othersTyping).toBeUndefined();
    expect(replied.messages?.map(({ direction, text }) => [direction, text])).toEqual([
      ['Outgoing', 'How are you?'],
      ['Incoming', 'You said: How are you?'],
    ]);
    expect(conversation?.messagesFromUser).toEqual([{ format: 'plain', text: 'How are you?' }]);

    await calls.leave(id);
    expect(ended[0]).toMatchObject({ id, end: { outcome: 'left', message: 'You ended the conversation.' } });
    expect(conversation?.state).toBe('Failed');
    expect(requests.filter((r) => r.endsWith('/messaging/stopMessaging'))).toHaveLength(1);
    expect(requests.some((r) => r.startsWith('DELETE'))).toBe(false);

    // What went over the wire is in the flavour asked for; the client read it all the same.
    const rels = released.flatMap((event) => [event.link.rel, ...(event.in ? [event.in.rel] : [])]);
    const expected = ['messagingInvitation', 'messaging', 'participant', 'typingParticipants', 'message'];
    expect(rels).toEqual(expect.arrayContaining(expected.map((rel) => (flavour === 'saas' ? `ms:rtc:saas:${rel}` : rel))));
    expect(rels.some((rel) => rel.startsWith('ms:rtc:saas:'))).toBe(flavour === 'saas');
  });

  it('the other person may leave: the conversation ends, saying so', async () => {
    const session = await signIn({ service: { messagingFlavour: flavour } });
    const { service, calls } = session;
    const id = await calls.startMessaging(CHAT, 'Hello Grace');
    await eventually('accepted', () => calls.snapshot().calls.find((c) => c.id === id && c.phase === 'connected'));
    service.conversationStartedWith(CHAT)?.hangUp();
    const ended = await eventually('the end', () => session.ended.find((c) => c.id === id));
    expect(ended.end).toMatchObject({ outcome: 'remoteHungUp', message: 'The other person left the conversation.' });
  });

  it('the directory’s callees answer IM invitations as they answer calls, each failure with its reason', async () => {
    const session = await signIn({ service: { messagingFlavour: flavour, ringTimeoutMs: 300 } });
    const { calls } = session;
    const outcomes = await Promise.all(
      ['declines@softphone.local', 'unreachable@softphone.local', 'noanswer@softphone.local', 'nobody@softphone.local'].map(async (to) => {
        const id = await calls.startMessaging(to, 'Are you there?');
        const ended = await eventually(`the IM to ${to} to end`, () => session.ended.find((c) => c.id === id));
        return [to, ended.end?.subcode, ended.end?.message];
      }),
    );
    expect(outcomes).toEqual([
      ['declines@softphone.local', 'Declined', 'The other person declined the conversation.'],
      ['unreachable@softphone.local', 'TemporarilyUnavailable', 'The other side is temporarily unavailable.'],
      ['noanswer@softphone.local', 'Timeout', 'The other person did not answer in time.'],
      ['nobody@softphone.local', 'DestinationNotFound', 'That address could not be found.'],
    ]);
  });
});

describe('starting an IM conversation: bad input', () => {
  it('a phone number or something that is no address is refused with a sentence before anything is sent', async () => {
    const requests: string[] = [];
    const { calls } = await signIn({ client: { fetch: recordingFetch(requests) } });
    const before = requests.length;
    await expect(calls.startMessaging('+1 425 555 0100', 'Hi')).rejects.toMatchObject({
      name: 'CallTargetError',
      message: 'Messages go to an address (name@contoso.com), not to a phone number.',
    });
    await expect(calls.startMessaging('sip:ada@contoso.com;transport=tcp', 'Hi')).rejects.toMatchObject({ name: 'CallTargetError' });
    expect(requests.slice(before).filter((r) => r.startsWith('POST'))).toEqual([]);
  });
});

describe('ending an IM conversation someone else started', () => {
  it('End goes through stopMessaging, which the conversation’s messaging resource offers', async () => {
    const requests: string[] = [];
    const { service, calls } = await signIn({ client: { fetch: recordingFetch(requests) } });
    const leg = service.startMessaging({ from: { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' }, message: 'Hi' });
    const ringing = await eventually('the IM to ring', () => calls.snapshot().calls.find((c) => c.phase === 'ringing'));
    await calls.accept(ringing.id);
    await eventually('connected', () => calls.snapshot().calls.find((c) => c.phase === 'connected'));
    await calls.leave(ringing.id);
    expect(await leg.ended).toBe('callee');
    expect(requests.filter((r) => r.endsWith('/messaging/stopMessaging'))).toHaveLength(1);
    expect(requests.some((r) => r.startsWith('DELETE'))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { MalformedError } from '../../main/ucwa/errors.js';
import { parseEventBatch } from '../../main/ucwa/events.js';
import { isInvitationKind, parseInvitation, type InvitationKind } from '../../main/ucwa/invitations.js';
import { normaliseRel } from '../../main/ucwa/resources.js';
import { seedJsonSamples } from '../support/seeds.js';

const samples = seedJsonSamples();
const resources = samples.filter(({ json }) => typeof json.rel === 'string' && isInvitationKind(normaliseRel(json.rel)));
const batches = samples.filter(({ json }) => 'sender' in json);
const base = new URL('https://fe1.contoso.com/ucwa/v1/applications/192/communication/invitations/507');

function sample(kind: InvitationKind): Record<string, unknown> {
  const found = resources.find(({ json }) => json.rel === kind);
  if (!found) throw new Error(`no ${kind} sample`);
  return structuredClone(found.json);
}

describe('the seeds’ JSON samples', () => {
  it('are all found: four resource samples and the event samples of all five pages', () => {
    expect(resources.map(({ json }) => json.rel).sort()).toEqual([
      'audioVideoInvitation',
      'messagingInvitation',
      'onlineMeetingInvitation',
      'participantInvitation',
    ]);
    expect(new Set(batches.map(({ seed }) => seed)).size).toBe(5);
    expect(batches.length).toBeGreaterThanOrEqual(12);
  });

  it.each(resources.map(({ seed, json }) => [json.rel as InvitationKind, seed, json] as const))('%s sample (%s) parses', (kind, _, json) => {
    const invitation = parseInvitation(kind, json, base);
    expect(invitation.kind).toBe(kind);
    expect(invitation.direction).toBe('Incoming');
    expect(invitation.from.name).toBe('Joe Smith');
    expect(invitation.links.get('self')).toBeDefined();
  });

  it.each(batches.map(({ seed, json }, i) => [i, seed, json] as const))('event sample %i (%s) parses', (_, __, json) => {
    const batch = parseEventBatch(json);
    expect(batch.rejected).toEqual([]);
    expect(batch.events.length).toBeGreaterThan(0);
    expect(batch.next).toBeDefined();
    for (const event of batch.events) expect(isInvitationKind(event.rel)).toBe(true);
  });
});

describe('parseInvitation', () => {
  it('reads every property the pages document, with participants from _embedded', () => {
    const av = parseInvitation('audioVideoInvitation', sample('audioVideoInvitation'), base);
    expect(av).toMatchObject({
      sessionContext: '8efd502350ff419cb615018ae561f97e',
      operationId: '74cb7404e0a247d5a2d4eb0376a47dbf',
      threadId: '292e0aaef36c426a97757f43dda19d06',
      subject: 'Strategy for next quarter',
      importance: 'Normal',
      to: 'sip:john@contoso.com',
      context: { delegator: 'sip:john@contoso.com', privateLine: false, joinAudioMuted: false, joinVideoMuted: false },
    });
    expect(av.acceptedBy.map((p) => [p.name, p.organizer, p.inLobby])).toEqual([['Joe Smith', true, true]]);
    expect(av.links.get('acceptWithAnswer')).toBe('/ucwa/v1/applications/192/communication/invitations/665/acceptWithAnswer');
    expect(av.from.links.get('admit')).toMatch(/participants\/196\/admit$/);

    const meeting = parseInvitation('onlineMeetingInvitation', sample('onlineMeetingInvitation'), base);
    expect(meeting.onlineMeetingUri).toBeDefined();
    expect(meeting.availableModalities).toBeDefined();
    expect(meeting.anonymousDisplayName).toBeDefined();

    const messaging = parseInvitation('messagingInvitation', sample('messagingInvitation'), base);
    expect(messaging.message?.mediaType).toBe('text/plain');
    expect(messaging.links.get('accept')).toBeDefined();
  });

  it('serves the ms:rtc:saas: flavour with the same handler', () => {
    const plain = sample('messagingInvitation');
    const saas: Record<string, unknown> = { rel: 'ms:rtc:saas:messagingInvitation' };
    for (const [key, value] of Object.entries(plain)) if (key !== 'rel') saas[key] = value;
    saas['_links'] = Object.fromEntries(
      Object.entries(plain._links as Record<string, unknown>).map(([rel, link]) => [rel === 'self' ? rel : `ms:rtc:saas:${rel}`, link]),
    );
    (saas['_links'] as Record<string, unknown>)['ms:rtc:saas:acceptAndBridge'] = { href: '/platformservice/v1/x/acceptAndBridge' };
    saas['ms:rtc:saas:message'] = 'Hello from a bot';
    delete saas['message'];
    const invitation = parseInvitation('messagingInvitation', saas, base);
    expect(invitation.links.get('accept')).toBe((plain._links as Record<string, { href: string }>).accept?.href);
    expect(invitation.links.get('acceptAndBridge')).toBe('/platformservice/v1/x/acceptAndBridge');
    expect(invitation.message).toEqual({ mediaType: 'text/plain', parameters: {}, text: 'Hello from a bot' });
  });

  it('decodes a URL-encoded first message with + for space', () => {
    const json = sample('messagingInvitation');
    (json._links as Record<string, unknown>).message = { href: 'data:text/plain;charset=utf-8,Hi+Tosh%0d%0a' };
    expect(parseInvitation('messagingInvitation', json, base).message?.text).toBe('Hi Tosh\r\n');
  });

  it.each([
    ['subject', 'audioVideoInvitation', { subject: 'x'.repeat(251) }, 'audioVideoInvitation.subject'],
    ['sessionContext', 'audioVideoInvitation', { sessionContext: 'x'.repeat(51) }, 'audioVideoInvitation.sessionContext'],
    ['operationId', 'messagingInvitation', { operationId: 'x'.repeat(51) }, 'messagingInvitation.operationId'],
    ['anonymousDisplayName', 'onlineMeetingInvitation', { anonymousDisplayName: 'x'.repeat(251) }, 'onlineMeetingInvitation.anonymousDisplayName'],
    ['direction', 'participantInvitation', { direction: 'Sideways' }, 'participantInvitation.direction'],
    ['mediaOffer', 'audioVideoInvitation', { _links: { mediaOffer: { href: 'https://evil.example/offer' } } }, 'audioVideoInvitation._links.mediaOffer'],
    ['message', 'messagingInvitation', { _links: { message: { href: 'data:text/plain,%E0%A4%A' } } }, 'messagingInvitation._links.message'],
  ] as const)('rejects a bad %s with an error naming the field', (_, kind, patch, field) => {
    try {
      parseInvitation(kind, { ...sample(kind), ...patch }, base);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MalformedError);
      expect((error as MalformedError).field).toBe(field);
    }
  });

  it('accepts the documented maximum lengths', () => {
    const json = { ...sample('onlineMeetingInvitation'), subject: 's'.repeat(250), anonymousDisplayName: 'a'.repeat(250), operationId: 'o'.repeat(50) };
    expect(parseInvitation('onlineMeetingInvitation', json, base).subject).toHaveLength(250);
  });
});

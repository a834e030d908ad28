import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAudioVideoInvitation } from '../../main/ucwa/audioVideoInvitation.js';
import { MalformedError } from '../../main/ucwa/errors.js';

const SEED = readFileSync(new URL('../../../shared/seeds/003_f1757285f2ca640e.txt', import.meta.url), 'utf8');

/** The JSON response sample of the audioVideoInvitation reference page. */
function seedSample(): Record<string, unknown> {
  const start = SEED.indexOf('{\n  "rel" : "audioVideoInvitation"');
  const end = SEED.indexOf('\nXML Request', start);
  return JSON.parse(SEED.slice(start, end).trim()) as Record<string, unknown>;
}

describe('audioVideoInvitation parsing', () => {
  const base = new URL('https://fe1.contoso.com/ucwa/v1/applications/192/communication/invitations/507');

  it('parses the reference sample', () => {
    const invitation = parseAudioVideoInvitation(seedSample(), base);
    expect(invitation).toMatchObject({
      direction: 'Incoming',
      state: 'Connecting',
      sessionContext: '8efd502350ff419cb615018ae561f97e',
      subject: 'Strategy for next quarter',
      importance: 'Normal',
      from: { name: 'Joe Smith', uri: 'sip:john@contoso.com' },
    });
    expect(invitation.links.get('acceptWithAnswer')).toBe('/ucwa/v1/applications/192/communication/invitations/665/acceptWithAnswer');
    expect(typeof invitation.offerSdp).toBe('string');
  });

  it.each([
    ['subject', { subject: 'x'.repeat(251) }, 'audioVideoInvitation.subject'],
    ['sessionContext', { sessionContext: 'x'.repeat(51) }, 'audioVideoInvitation.sessionContext'],
    ['direction', { direction: 'Sideways' }, 'audioVideoInvitation.direction'],
    ['mediaOffer', { _links: { mediaOffer: { href: 'https://evil.example/offer' } } }, 'audioVideoInvitation._links.mediaOffer'],
  ])('rejects a bad %s with an error naming the field', (_, patch, field) => {
    try {
      parseAudioVideoInvitation({ ...seedSample(), ...patch }, base);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MalformedError);
      expect((error as MalformedError).field).toBe(field);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { decodeDataUri } from '../../main/ucwa/dataUri.js';
import { MalformedError } from '../../main/ucwa/errors.js';

describe('decodeDataUri', () => {
  it('decodes UCWA’s URL-encoded form, with + for space', () => {
    expect(decodeDataUri('data:text/plain;charset=utf-8,Hi+Tosh%0d%0a', 'message')).toEqual({
      mediaType: 'text/plain',
      parameters: { charset: 'utf-8' },
      text: 'Hi Tosh\r\n',
    });
    expect(decodeDataUri('data:text/plain,1%2B1', 'message').text).toBe('1+1');
  });

  it('decodes base64 bodies, standard and URL-safe', () => {
    const sdp = 'v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\n';
    expect(decodeDataUri(`data:application/sdp;base64,${Buffer.from(sdp).toString('base64')}`, 'mediaOffer')).toEqual({
      mediaType: 'application/sdp',
      parameters: {},
      text: sdp,
    });
    expect(decodeDataUri(`data:application/sdp;base64,${Buffer.from('ÿþ?>').toString('base64url')}`, 'x').text).toBe('ÿþ?>');
  });

  it('keeps the media type’s parameters for whoever reads the body: names in lower case, values percent-decoded and unquoted', () => {
    const offer = decodeDataUri('data:Multipart/Alternative;CHARSET=utf-8;boundary=%22----=_NextPart_000%22;x-flag,--x', 'mediaOffer');
    expect(offer).toMatchObject({ mediaType: 'multipart/alternative', parameters: { charset: 'utf-8', boundary: '----=_NextPart_000' } });
  });

  it.each([
    ['a control character in a parameter', 'data:multipart/alternative;boundary=a%0d%0aContent-Type:+x,--a'],
    ['not a data URI', 'https://example.com/x'],
    ['no comma', 'data:text/plain;base64'],
    ['bad base64', 'data:text/plain;base64,@@@@'],
    ['bad percent-encoding', 'data:text/plain,%E0%A4%A'],
    ['oversize', `data:text/plain,${'a'.repeat(300 * 1024)}`],
  ])('refuses %s with an error naming the field', (_, uri) => {
    expect(() => decodeDataUri(uri, 'audioVideoInvitation._links.mediaOffer')).toThrowError(MalformedError);
    try {
      decodeDataUri(uri, 'audioVideoInvitation._links.mediaOffer');
    } catch (error) {
      expect((error as MalformedError).field).toBe('audioVideoInvitation._links.mediaOffer');
    }
  });
});

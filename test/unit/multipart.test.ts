// The one MIME multipart reader (preload/shared/multipart.ts) the windows' offer analysis and the media
// bridge share: RFC 2046 §5.1.1 as Lync's offers and SIP captures write it, and a typed error otherwise.
import { describe, expect, it } from 'vitest';
import { isMultipartEntity, mediaTypeParameter, MultipartError, splitMultipart } from '../../preload/shared/multipart.js';

const entity = (contentType: string, body: string) => `Content-Type: ${contentType}\r\n\r\n${body}`;
const partsOf = (text: string) => splitMultipart(text).map((part) => ({ headers: Object.fromEntries(part.headers), body: part.body }));

describe('the multipart reader', () => {
  it('gives each part its headers (names in lower case) and its body to the line break before the next delimiter', () => {
    const body = ['--b', 'Content-Type: text/plain', 'Content-ID: <one@x>', '', 'first\r\n', '--b', '', 'second', '--b--', ''].join('\r\n');
    expect(partsOf(entity('multipart/alternative; boundary=b', body))).toEqual([
      { headers: { 'content-type': 'text/plain', 'content-id': '<one@x>' }, body: 'first\r\n' },
      { headers: {}, body: 'second' },
    ]);
  });

  it('reads LF line ends, transport padding after a delimiter, folded headers, a quoted boundary and a body without its closing delimiter', () => {
    const body = ['--a "b"  ', 'Content-Disposition: session;', '  handling=optional', '', 'v=0', '--a "b"', '', 'last'].join('\n');
    expect(partsOf(entity('multipart/alternative;boundary="a \\"b\\""', body))).toEqual([
      { headers: { 'content-disposition': 'session; handling=optional' }, body: 'v=0' },
      { headers: {}, body: 'last' },
    ]);
  });

  it('tells a multipart entity by its Content-Type header, after a SIP start line and other headers or alone', () => {
    expect(isMultipartEntity(entity('multipart/alternative; boundary=b', '--b\r\n'))).toBe(true);
    expect(isMultipartEntity('SIP/2.0 200 OK\r\nCSeq: 1 INVITE\r\nCONTENT-TYPE: Multipart/Mixed;boundary=b\r\n\r\n--b\r\n')).toBe(true);
    expect(isMultipartEntity(entity('application/sdp', 'v=0\r\n'))).toBe(false);
    expect(isMultipartEntity('v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\n')).toBe(false);
    expect(isMultipartEntity('--b\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n--b--\r\n')).toBe(false);
  });

  it('reads a media type’s parameter as a token or a quoted string, by its name in any case', () => {
    expect(mediaTypeParameter('multipart/alternative; charset=utf-8; BOUNDARY="----=_NextPart_000"', 'boundary')).toBe('----=_NextPart_000');
    expect(mediaTypeParameter('multipart/alternative;boundary=d38d', 'Boundary')).toBe('d38d');
    expect(mediaTypeParameter('multipart/alternative', 'boundary')).toBeUndefined();
  });

  it.each([
    ['no headers', '--b\r\n\r\nx\r\n--b--', /not a multipart entity/],
    ['another media type', entity('application/sdp', 'v=0'), /not a multipart entity/],
    ['no boundary', entity('multipart/alternative', '--b\r\n'), /names no boundary/],
    ['a boundary of 71 characters', entity(`multipart/alternative; boundary=${'x'.repeat(71)}`, ''), /1 to 70 characters/],
    ['a boundary ending in a space', entity('multipart/alternative; boundary="b "', '--b \r\n'), /1 to 70 characters/],
    ['no delimiter', entity('multipart/alternative; boundary=b', 'just text'), /no part starts with --b/],
    ['only the closing delimiter', entity('multipart/alternative; boundary=b', '--b--\r\n'), /no part starts with --b/],
    ['nine parts', entity('multipart/alternative; boundary=b', '--b\r\n\r\n'.repeat(9)), /more than 8 parts/],
  ])('refuses %s with a MultipartError that says why', (_what, text, message) => {
    expect(() => splitMultipart(text)).toThrow(MultipartError);
    expect(() => splitMultipart(text)).toThrow(message);
  });
});

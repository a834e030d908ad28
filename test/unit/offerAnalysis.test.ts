import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseOffer } from '../../renderer/media/sdp.js';
import { FIXTURES } from '../support/localServer.js';

const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');

// The Skype for Business 2016 offer from shared/notes/ucwa-protocol.md section 5 (candidates and rtpmaps trimmed there).
const SFB_OFFER = [
  'v=0',
  'o=- 0 0 IN IP4 10.77.44.43',
  's=session',
  'c=IN IP4 10.77.44.43',
  'b=CT:99980',
  't=0 0',
  'a=x-devicecaps:audio:send,recv;video:recv',
  'm=audio 50052 RTP/AVP 117 104 114 9 112 111 0 8 103 116 115 97 13 118 119 101',
  'a=x-ssrc-range:2029455532-2029455532',
  'a=rtcp-fb:* x-message app send:dsh recv:dsh',
  'a=label:main-audio',
  'a=ice-ufrag:tlMR',
  'a=ice-pwd:FuwpNRsfT4UaOKa0ivlnB0n4',
  'a=candidate:1 1 UDP 2130706431 10.77.44.43 50052 typ host',
  'a=candidate:2 1 TCP-PASS 174456319 194.176.96.67 56148 typ relay raddr 10.77.44.43 rport 50024',
  'a=cryptoscale:1 client AES_CM_128_HMAC_SHA1_80 inline:IQ+Q4YcN8irlbEovMTkF8LL/uMV0JIGFWrAxrrpY|2^31|1:1',
  'a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:IQ+Q4YcN8irlbEovMTkF8LL/uMV0JIGFWrAxrrpY|2^31|1:1',
  'a=rtcp:50053',
  'a=rtpmap:104 SILK/16000',
  'a=fmtp:104 useinbandfec=1; usedtx=0',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=rtcp-mux',
  'a=ptime:20',
  '',
].join('\r\n');

describe('analyseOffer', () => {
  it('answers Chrome’s and Safari’s WebRTC offers', () => {
    for (const name of ['chrome-linux-offer-av-data-no-candidates.sdp', 'safari-mac-offer-av-data-no-candidates.sdp']) {
      expect(analyseOffer(fixture(name))).toMatchObject({ dialect: 'webrtc', answerable: true, hasAudio: true, hasVideo: true });
    }
  });

  it('recognises the Skype for Business SDES dialect and says why it cannot answer it yet', () => {
    const analysis = analyseOffer(SFB_OFFER);
    expect(analysis).toMatchObject({ dialect: 'sfb-sdes', answerable: false, hasAudio: true, hasVideo: false });
    expect(analysis.problem).toMatch(/SDES/);
    expect(analysis.media[0]?.codecs).toEqual(['SILK/16000', 'PCMU/8000', 'telephone-event/8000']);
  });

  it('never throws on malformed or hostile input', () => {
    for (const input of [fixture('sdp-transform-invalid.sdp'), '', 'garbage', '\u0000'.repeat(1000), 'v=0\r\nm=audio x\r\n']) {
      const analysis = analyseOffer(input);
      expect(analysis.answerable).toBe(false);
      expect(analysis.problem).toBeTruthy();
    }
  });

  it('flags a Lync multipart/alternative body', () => {
    const multipart = '--boundary\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n--boundary--\r\n';
    expect(analyseOffer(multipart)).toMatchObject({ dialect: 'multipart', answerable: false });
  });
});

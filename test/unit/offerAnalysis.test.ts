import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseOffer } from '../../preload/shared/offerAnalysis.js';
import { FIXTURES } from '../support/localServer.js';
import { SFB_OFFER } from '../support/sdp.js';

const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');

describe('analyseOffer', () => {
  it('answers Chrome’s and Safari’s WebRTC offers', () => {
    for (const name of ['chrome-linux-offer-av-data-no-candidates.sdp', 'safari-mac-offer-av-data-no-candidates.sdp']) {
      expect(analyseOffer(fixture(name))).toMatchObject({ dialect: 'webrtc', answerable: true, hasAudio: true, hasVideo: true });
    }
  });

  it('recognises the Skype for Business SDES dialect, which the media bridge answers', () => {
    const analysis = analyseOffer(SFB_OFFER);
    expect(analysis).toMatchObject({ dialect: 'sfb-sdes', answerable: true, viaBridge: true, hasAudio: true, hasVideo: false });
    expect(analysis.problem).toBeUndefined();
    expect(analysis.media[0]?.codecs).toEqual([
      'G722/8000/2',
      'SILK/16000',
      'x-msrta/16000',
      'G722/8000',
      'G7221/16000',
      'SIREN/16000',
      'PCMU/8000',
      'PCMA/8000',
      'SILK/8000',
      'AAL2-G726-32/8000',
      'x-msrta/8000',
      'RED/8000',
      'CN/8000',
      'CN/16000',
      'CN/24000',
      'telephone-event/8000',
    ]);
  });

  it('knows the bridge’s own WebRTC offer, and says when it declined the caller’s video', () => {
    const offer = fixture('chrome-linux-offer-av-data-no-candidates.sdp').replace(/^m=/m, 'a=x-softphone-bridge:sfb\r\nm=');
    expect(analyseOffer(offer)).toMatchObject({ dialect: 'webrtc', answerable: true, viaBridge: true });
    expect(analyseOffer(offer).problem).toBeUndefined();
    expect(analyseOffer(offer.replace('a=x-softphone-bridge:sfb', 'a=x-softphone-bridge:sfb video-declined')).problem).toMatch(/video.*audio only/);
    expect(analyseOffer(fixture('chrome-linux-offer-av-data-no-candidates.sdp')).viaBridge).toBe(false);
  });

  it('tells a hold (RFC 3264: every medium sendonly or inactive) from a resume', () => {
    const offer = fixture('chrome-linux-offer-av-data-no-candidates.sdp').replaceAll('a=recvonly', 'a=sendrecv');
    expect(analyseOffer(offer).holds).toBe(false);
    expect(analyseOffer(offer.replaceAll('a=sendrecv', 'a=sendonly')).holds).toBe(true);
    expect(analyseOffer(offer.replaceAll('a=sendrecv', 'a=inactive')).holds).toBe(true);
    expect(analyseOffer(offer.replace('a=sendrecv', 'a=sendonly')).holds).toBe(false);
  });

  it('never throws on malformed or hostile input', () => {
    for (const input of [fixture('sdp-transform-invalid.sdp'), '', 'garbage', '\u0000'.repeat(1000), 'v=0\r\nm=audio x\r\n']) {
      const analysis = analyseOffer(input);
      expect(analysis.answerable).toBe(false);
      expect(analysis.problem).toBeTruthy();
    }
  });

  it('leaves a Lync multipart/alternative offer to the media bridge: one whose Content-Type header names it, as a SIP capture has it or the core writes UCWA’s link', () => {
    const body = '--boundary\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n--boundary--\r\n';
    for (const headers of [
      'Content-Type: multipart/alternative; boundary="boundary"',
      'INVITE sip:bob@contoso.com SIP/2.0\r\nCSeq: 1 INVITE\r\ncontent-type: Multipart/Alternative;boundary=boundary',
    ]) {
      expect(analyseOffer(`${headers}\r\n\r\n${body}`)).toMatchObject({ dialect: 'multipart', answerable: true, viaBridge: true });
    }
    // Without the header nothing names the boundary: it is not read as multipart (nor as SDP).
    expect(analyseOffer(body)).toMatchObject({ dialect: 'invalid', answerable: false, viaBridge: false });
  });

  it('reads an offer once: asked again, it gives the same analysis, until eight other offers have been read', () => {
    const chrome = fixture('chrome-linux-offer-av-data-no-candidates.sdp');
    const first = analyseOffer(chrome);
    // The same text in another string, as each snapshot's copy of the offer is.
    expect(analyseOffer(`${chrome} `.slice(0, -1))).toBe(first);
    for (let other = 0; other < 8; other++) analyseOffer(chrome.replace('o=- ', `o=other${other} `));
    const again = analyseOffer(chrome);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});

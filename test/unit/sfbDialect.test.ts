// The media bridge's hand-written parts, without sockets: reading Skype for Business offers (the real
// SfB 2016 sample, a Lync multipart body), refusing what it cannot take with the documented reason, the
// answer in the caller's dialect, SDES keys and SRTP with an MKI, and TURN from mediaRelayAccessToken.
import { describe, expect, it } from 'vitest';
import { RtpHeader, RtpPacket } from 'werift';
import { pairCodecs } from '../../main/bridge/passthroughCodecs.js';
import { relayFromToken } from '../../main/bridge/relayToken.js';
import { freshSdesKey, parseSdesKey } from '../../main/bridge/sdes.js';
import { SdesSrtp } from '../../main/bridge/sdesSrtp.js';
import { writeSfbAnswer } from '../../main/bridge/sfbAnswer.js';
import { readSfbOffer } from '../../main/bridge/sfbOffer.js';
import { RELAY_TOKEN } from '../support/relayToken.js';
import { SFB_OFFER } from '../support/sdp.js';

const everywhere = { loopbackOnly: false };

/** The sample with one more line in its audio section. */
const withLine = (line: string) => SFB_OFFER.replace('a=rtcp-mux', `${line}\r\na=rtcp-mux`);

describe('reading a Skype for Business offer', () => {
  it('takes the real SfB 2016 sample: mono G.722, PCMU, PCMA and telephone-event with their payload types (not the stereo G.722 it opens with), the MKI key, the UDP candidate', () => {
    const offer = readSfbOffer(SFB_OFFER, everywhere);
    expect(offer.codecs.map((codec) => `${codec.name}/${codec.payloadType}`)).toEqual(['G722/9', 'PCMU/0', 'PCMA/8', 'telephone-event/101']);
    expect(offer.key).toMatchObject({ tag: 2, mki: { value: 1, length: 1 } });
    expect(offer.candidates).toEqual([{ foundation: '1', component: 1, priority: 2130706431, ip: '10.77.44.43', port: 50052, type: 'host' }]);
    expect(offer).toMatchObject({ skippedCandidates: 1, rtcpMux: true, protocol: 'RTP/AVP', ice: { ufrag: 'tlMR' }, videoDeclined: false });
  });

  it('takes no addresses a caller could aim this computer at: loopback, link-local, multicast, unspecified, broadcast', () => {
    const aimed = ['127.0.0.1', '169.254.10.20', '224.0.0.251', '239.1.2.3', '0.0.0.0', '255.255.255.255'];
    const offer = readSfbOffer(withLine(aimed.map((ip, i) => `a=candidate:${10 + i} 1 UDP 2130706430 ${ip} 5000 typ host`).join('\r\n')), everywhere);
    expect(offer.candidates.map((c) => c.ip)).toEqual(['10.77.44.43']);
    expect(offer.skippedCandidates).toBe(1 + aimed.length);
  });

  it('keeps at most ten candidates per component, the highest priorities, however many an offer under the size limit names', () => {
    const many = Array.from({ length: 1000 }, (_, i) => `a=candidate:${100 + i} 1 UDP ${1000 + i} 10.${(i >> 8) & 255}.${i & 255}.1 5000 typ host`);
    const offer = readSfbOffer(withLine(many.join('\r\n')).replace(/^a=candidate:1 1 UDP 2130706431 .*\r\n/m, ''), everywhere);
    expect(offer.candidates).toHaveLength(10);
    expect(offer.candidates.map((c) => c.priority)).toEqual(Array.from({ length: 10 }, (_, i) => 1999 - i));
  });

  it('refuses an offer larger than 64 KiB before reading it', () => {
    const padded = withLine(`a=x-padding:${'x'.repeat(70 * 1024)}`);
    expect(() => readSfbOffer(padded, everywhere)).toThrow(
      expect.objectContaining({ reason: 'InvalidMediaOffer', sentence: expect.stringMatching(/too large/) }),
    );
  });

  it('skips TCP-ACT, TCP-PASS, IPv6 and legacy draft-6 candidates, and off-machine ones on the local service', () => {
    const offer = readSfbOffer(
      withLine(
        [
          'a=candidate:3 1 TCP-ACT 174846975 10.77.44.43 50024 typ host',
          'a=x-candidate-ipv6:4 1 UDP 2130706430 fd00::1 50054 typ host',
          'a=candidate:ZmFrZQ 1 cHdk UDP 0.830 10.0.0.1 5000',
        ].join('\r\n'),
      ),
      everywhere,
    );
    expect(offer.candidates).toHaveLength(1);
    expect(offer.skippedCandidates).toBe(4);
    expect(() => readSfbOffer(SFB_OFFER, { loopbackOnly: true })).toThrow(/no network address/);
  });

  it('answers the RFC 5245 part of a Lync multipart offer and names it for processedOfferId', () => {
    const legacy = SFB_OFFER.replace(/^a=candidate:1 .*$/m, 'a=candidate:ZmFrZQ 1 cHdk UDP 0.830 10.77.44.43 50052');
    const body = [
      '--boundary42',
      'Content-Type: application/sdp',
      'Content-ID: <legacy@contoso.com>',
      'Content-Disposition: session; handling=optional; ms-proxy-2007fallback',
      '',
      legacy,
      '--boundary42',
      'Content-Type: application/sdp',
      'Content-ID: <rfc5245@contoso.com>',
      'Content-Disposition: session; handling=optional',
      '',
      SFB_OFFER,
      '--boundary42--',
      '',
    ].join('\r\n');
    const offer = readSfbOffer(body, everywhere);
    expect(offer.contentId).toBe('<rfc5245@contoso.com>');
    expect(offer.candidates[0]?.port).toBe(50052);
  });

  it.each([
    ['garbage', 'InvalidMediaOffer', /could not be read/],
    [SFB_OFFER.replace('m=audio 50052', 'm=audio 0'), 'UnsupportedMedia', /no audio/],
    [SFB_OFFER.replaceAll(/^a=crypto:.*\r\n/gm, ''), 'EncryptionMismatch', /only scaled encryption/],
    [SFB_OFFER.replaceAll(/^a=(crypto|cryptoscale).*\r\n/gm, ''), 'EncryptionMismatch', /unencrypted/],
    [SFB_OFFER.replaceAll('AES_CM_128_HMAC_SHA1_80 inline', 'AES_CM_128_HMAC_SHA1_32 inline'), 'EncryptionMismatch', /keys cannot be used/],
    [SFB_OFFER.replace('2^31|1:1\r\na=rtcp', '2^31|1:300\r\na=rtcp'), 'EncryptionMismatch', /keys cannot be used/],
    [SFB_OFFER.replace(/RTP\/AVP .*/, 'RTP/AVP 104 101'), 'CodecMismatch', /SILK, telephone-event/],
    [SFB_OFFER.replace(/^a=candidate:1 .*\r\n/m, ''), 'MediaConnectivityFailure', /no network address/],
    [SFB_OFFER.replace('a=rtcp-mux\r\n', ''), 'MediaConnectivityFailure', /no network address/],
  ])('refuses an offer it cannot take with the documented reason and a sentence (%#)', (sdp, reason, sentence) => {
    expect(() => readSfbOffer(sdp, everywhere)).toThrow(expect.objectContaining({ reason, sentence: expect.stringMatching(sentence) }));
  });

  it('moves payload types WebRTC refuses under rtcp-mux (64–95) to free dynamic ones, and keeps the others', () => {
    const pairs = pairCodecs([
      { payloadType: 0, name: 'PCMU', clockRate: 8000, channels: 1 },
      { payloadType: 70, name: 'telephone-event', clockRate: 8000, channels: 1 },
    ]);
    expect(pairs.map(({ caller, renderer }) => [caller.payloadType, renderer.payloadType])).toEqual([
      [0, 0],
      [70, 96],
    ]);
  });
});

describe('the answer in the caller’s dialect', () => {
  it('carries our ICE credentials and UDP candidates, a=crypto on the offered tag, the taken codecs, rtcp-mux as offered, and declines video', () => {
    const offer = readSfbOffer(SFB_OFFER.concat('m=video 50060 RTP/AVP 122\r\na=rtpmap:122 X-H264UC/90000\r\n'), everywhere);
    const key = freshSdesKey(offer.key.tag);
    const answer = writeSfbAnswer(
      offer,
      {
        ufrag: 'abcd',
        pwd: 'abcdefghijklmnopqrstuv',
        candidates: [{ foundation: '1', component: 1, priority: 2130706431, ip: '192.0.2.7', port: 40000, type: 'host' }],
        key,
        ssrc: 1234,
      },
      offer.codecs.filter((codec) => codec.name === 'PCMU' || codec.name === 'telephone-event'),
    );
    const lines = answer.split('\r\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'o=- 0 0 IN IP4 192.0.2.7',
        's=session',
        'c=IN IP4 192.0.2.7',
        'm=audio 40000 RTP/AVP 0 101',
        'a=rtpmap:101 telephone-event/8000',
        'a=fmtp:101 0-16',
        'a=ice-ufrag:abcd',
        'a=ice-pwd:abcdefghijklmnopqrstuv',
        'a=candidate:1 1 UDP 2130706431 192.0.2.7 40000 typ host',
        'a=x-ssrc-range:1234-1234',
        'a=rtcp-mux',
        'm=video 0 RTP/AVP 122',
      ]),
    );
    const crypto = lines.find((line) => line.startsWith('a=crypto:'))!;
    expect(parseSdesKey({ id: 2, suite: 'AES_CM_128_HMAC_SHA1_80', config: crypto.split(' ')[2]! })?.masterKey).toEqual(key.masterKey);
    expect(crypto).toMatch(/^a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:\S{40}\|2\^31$/);
    expect(answer).not.toMatch(/fingerprint|a=setup|BUNDLE|a=mid/);
  });
});

describe('SRTP keyed by SDES', () => {
  const caller = { ...freshSdesKey(2), mki: { value: 1, length: 1 } };
  const bridge = freshSdesKey(2);
  const header = () => new RtpHeader({ payloadType: 0, ssrc: 42, sequenceNumber: 7, timestamp: 160 });
  const payload = Buffer.alloc(160, 0x55);

  it('carries the caller’s MKI between the payload and the tag, and reads packets both ways', () => {
    const sent = new SdesSrtp(caller, bridge).protectRtp(header(), payload);
    expect(sent.length).toBe(12 + 160 + 1 + 10);
    expect(sent[12 + 160]).toBe(1);
    const read = RtpPacket.deSerialize(new SdesSrtp(bridge, caller).unprotectRtp(sent));
    expect(read.payload).toEqual(payload);
    const back = new SdesSrtp(caller, bridge).unprotectRtp(new SdesSrtp(bridge, caller).protectRtp(header(), payload));
    expect(RtpPacket.deSerialize(back).payload).toEqual(payload);
  });

  it('drops packets with the wrong key, a changed payload or another MKI', () => {
    const sent = new SdesSrtp(caller, bridge).protectRtp(header(), payload);
    const receiver = () => new SdesSrtp(bridge, caller);
    expect(() => new SdesSrtp(bridge, { ...freshSdesKey(2), mki: caller.mki }).unprotectRtp(sent)).toThrow();
    const tampered = Buffer.from(sent);
    tampered[20] = (tampered[20] ?? 0) ^ 1;
    expect(() => receiver().unprotectRtp(tampered)).toThrow();
    const otherMki = Buffer.from(sent);
    otherMki[12 + 160] = 2;
    expect(() => receiver().unprotectRtp(otherMki)).toThrow(/MKI/);
  });
});

describe('TURN from mediaRelayAccessToken', () => {
  const token = RELAY_TOKEN;

  it('gives the ICE agent the relay, user name and password, UDP where offered', () => {
    expect(relayFromToken(token)).toEqual({ turnServer: ['192.0.2.10', 3478], turnUsername: 'relay-user', turnPassword: 'relay-pass', turnTransport: 'udp' });
    expect(relayFromToken({ ...token, _embedded: { mediaRelay: [{ host: 'edge.contoso.com', tcpPort: 443 }] } })?.turnTransport).toBe('tcp');
  });

  it('ignores an expired, empty or malformed token', () => {
    expect(relayFromToken({ ...token, validUntil: '/Date(1000)/' })).toBeUndefined();
    expect(relayFromToken({ ...token, _embedded: { mediaRelay: [] } })).toBeUndefined();
    expect(relayFromToken('nonsense')).toBeUndefined();
  });
});

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
import { audioVideoInvitation } from '../../main/local/invitationResources.js';
import { parseInvitation } from '../../main/ucwa/invitations.js';
import { INVITATION_FIELDS } from '../fuzz/samples.js';
import { LYNC_MULTIPART_TYPE, lyncMultipartBody, SFB_OFFER } from '../support/sdp.js';
import { seedJsonSamples } from '../support/seeds.js';

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

describe('Lync multipart offers as real servers send them', () => {
  const rfc5245 = { contentId: '<rfc5245@contoso.com>', candidates: [expect.objectContaining({ ip: '10.77.44.43', port: 50052 })] };
  /** The seeds' audioVideoInvitation with its mediaOffer link replaced. */
  const invitationOffering = (href: string) => {
    const json = structuredClone(seedJsonSamples().find((sample) => sample.json.rel === 'audioVideoInvitation')!.json) as {
      _links: Record<string, { href: string }>;
    };
    json._links.mediaOffer = { href };
    return parseInvitation('audioVideoInvitation', json, new URL('https://lync.contoso.com/'));
  };

  it('takes the boundary from the mediaOffer link’s media type (UCWA’s data:multipart/alternative;boundary=…), whatever comes before the first part', () => {
    const body = lyncMultipartBody(SFB_OFFER, { preamble: '--- Lync 2013 offer: two alternatives ---' });
    const invitation = invitationOffering(`data:${LYNC_MULTIPART_TYPE},${encodeURIComponent(body).replace(/%20/g, '+')}`);
    expect(readSfbOffer(invitation.offerSdp!, everywhere)).toMatchObject(rfc5245);
  });

  it('is what the local service delivers as UCWA does: the body URL-encoded behind data:multipart/alternative;charset=utf-8;boundary=…', () => {
    const json = audioVideoInvitation(INVITATION_FIELDS, { offerSdp: lyncMultipartBody(SFB_OFFER), offerMediaType: LYNC_MULTIPART_TYPE }, false);
    expect((json._links as Record<string, { href: string }>).mediaOffer?.href).toMatch(
      /^data:multipart\/alternative;charset=utf-8;boundary=d38d183e-6415-438f-8ff5-4ed634919226,--d38d183e-6415-438f-8ff5-4ed634919226%0D%0AContent-Type%3A\+application%2Fsdp%0D%0A/,
    );
    expect(readSfbOffer(parseInvitation('audioVideoInvitation', json, new URL('https://lync.contoso.com/')).offerSdp!, everywhere)).toMatchObject(rfc5245);
  });

  it('takes the boundary from the Content-Type header line before the body in a SIP capture', () => {
    const boundary = '----=_NextPart_000_001C_01D282D0.D2055920';
    const body = lyncMultipartBody(SFB_OFFER, { boundary });
    const capture = [
      'INVITE sip:bob@contoso.com SIP/2.0',
      'From: <sip:ada@contoso.com>;tag=1',
      'CSeq: 1 INVITE',
      `Content-Type: multipart/alternative;boundary="${boundary}"`,
      `Content-Length: ${body.length}`,
      '',
      body,
    ].join('\r\n');
    expect(readSfbOffer(capture, everywhere)).toMatchObject(rfc5245);
  });

  it('ignores a preamble before the first part and an epilogue after the last (RFC 2046 §5.1.1)', () => {
    const body = lyncMultipartBody(SFB_OFFER, { boundary: 'lync', preamble: 'This is a multi-part message in MIME format.', epilogue: '--lync\r\nnot a part' });
    expect(readSfbOffer(`Content-Type: multipart/alternative; boundary=lync\r\n\r\n${body}`, everywhere)).toMatchObject(rfc5245);
  });

  it.each([
    ['names no boundary', `Content-Type: multipart/alternative\r\n\r\n${lyncMultipartBody(SFB_OFFER)}`, /names no boundary/],
    ['never uses its boundary', `Content-Type: multipart/alternative; boundary=other\r\n\r\n${lyncMultipartBody(SFB_OFFER)}`, /no part starts with --other/],
    [
      'has only the Lync 2010 part',
      `Content-Type: ${LYNC_MULTIPART_TYPE}\r\n\r\n${lyncMultipartBody(SFB_OFFER).split('--d38d183e-6415-438f-8ff5-4ed634919226\r\nContent-Type: application/sdp\r\nContent-ID: <rfc5245')[0]}`,
      /only the Lync 2010 form/,
    ],
    ['has more than eight parts', `Content-Type: multipart/alternative; boundary=b\r\n\r\n${'--b\r\n\r\nv=0\r\n'.repeat(9)}--b--`, /more than 8 parts/],
  ])('refuses a multipart offer that %s with InvalidMediaOffer and says why', (_what, offer, sentence) => {
    expect(() => readSfbOffer(offer, everywhere)).toThrow(expect.objectContaining({ reason: 'InvalidMediaOffer', sentence: expect.stringMatching(sentence) }));
  });
});

describe('the answer in the caller’s dialect', () => {
  it('carries our ICE credentials and UDP candidates, a=crypto on the offered tag, the taken codecs, rtcp-mux and rtcp-rsize as offered, MS-SDPEXT’s main-audio label, and declines video', () => {
    const offer = readSfbOffer(SFB_OFFER.concat('m=video 50060 RTP/AVP 122\r\na=rtpmap:122 X-H264UC/90000\r\n'), everywhere);
    const key = freshSdesKey(offer.key.tag);
    const local = {
      ufrag: 'abcd',
      pwd: 'abcdefghijklmnopqrstuv',
      candidates: [{ foundation: '1', component: 1 as const, priority: 2130706431, ip: '192.0.2.7', port: 40000, type: 'host' }],
      key,
      ssrc: 1234,
    };
    const answer = writeSfbAnswer(
      offer,
      local,
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
    // MS-SDPEXT's label of the audio; reduced-size RTCP only when the caller offered it (this sample does not).
    expect(lines).toContain('a=label:main-audio');
    expect(answer).not.toContain('a=rtcp-rsize');
    const rsize = readSfbOffer(withLine('a=rtcp-rsize'), everywhere);
    expect(writeSfbAnswer(rsize, local, rsize.codecs)).toMatch(/^a=rtcp-rsize\r$/m);
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

// The Skype for Business 2016 offer from shared/notes/ucwa-protocol.md section 5 (candidates trimmed there),
// with the sample's whole rtpmap list as its public source has it (the notes trim that too): it opens with
// a stereo G.722 on 117.
export const SFB_OFFER = [
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
  'a=rtpmap:117 G722/8000/2',
  'a=rtpmap:104 SILK/16000',
  'a=fmtp:104 useinbandfec=1; usedtx=0',
  'a=rtpmap:114 x-msrta/16000',
  'a=fmtp:114 bitrate=29000',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:112 G7221/16000',
  'a=fmtp:112 bitrate=24000',
  'a=rtpmap:111 SIREN/16000',
  'a=fmtp:111 bitrate=16000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:103 SILK/8000',
  'a=fmtp:103 useinbandfec=1; usedtx=0',
  'a=rtpmap:116 AAL2-G726-32/8000',
  'a=rtpmap:115 x-msrta/8000',
  'a=fmtp:115 bitrate=11800',
  'a=rtpmap:97 RED/8000',
  'a=rtpmap:13 CN/8000',
  'a=rtpmap:118 CN/16000',
  'a=rtpmap:119 CN/24000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=rtcp-mux',
  'a=ptime:20',
  '',
].join('\r\n');

/**
 * A Lync 2013 multipart/alternative offer body, shaped as UCWA delivers one (a public UCWA client logged
 * such an audioVideoInvitation: `data:multipart/alternative;charset=utf-8;boundary=<uuid>`, URL-encoded)
 * and as SIP captures carry it: the same offer twice, first with MS-ICE draft-6 candidates for Office
 * Communications Server 2007 (`ms-proxy-2007fallback`), then with RFC 5245 ones; each part with its
 * Content-ID. `preamble` goes before the first delimiter and `epilogue` after the last (RFC 2046 §5.1.1).
 */
export function lyncMultipartBody(sdp: string, { boundary = LYNC_BOUNDARY, preamble = '', epilogue = '' } = {}): string {
  const draft6 = sdp.replace(/^a=candidate:\S+ (\d) UDP \d+ (\S+) (\d+) typ host\r?$/gm, 'a=candidate:Zm91bmRhdGlvbg $1 dXNlcg UDP 0.830 $2 $3');
  const part = (contentId: string, disposition: string, body: string) =>
    [`--${boundary}`, 'Content-Type: application/sdp', `Content-ID: ${contentId}`, `Content-Disposition: ${disposition}`, '', body].join('\r\n');
  return [
    ...(preamble ? [preamble] : []),
    part('<legacy@contoso.com>', 'session; handling=optional; ms-proxy-2007fallback', draft6),
    part('<rfc5245@contoso.com>', 'session; handling=optional', sdp),
    `--${boundary}--`,
    epilogue,
  ].join('\r\n');
}

export const LYNC_BOUNDARY = 'd38d183e-6415-438f-8ff5-4ed634919226';
/** The media type of Lync's multipart offers as UCWA's mediaOffer link names it. */
export const LYNC_MULTIPART_TYPE = `multipart/alternative;charset=utf-8;boundary=${LYNC_BOUNDARY}`;

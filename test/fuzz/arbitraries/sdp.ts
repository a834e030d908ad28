// SDP offers built from real ones (the fixtures and the Skype for Business sample) with lines dropped,
// duplicated, replaced, inserted and truncated, other line endings, plus plain random text and bytes.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { FIXTURES } from '../../support/localServer.js';
import { SFB_OFFER } from '../../support/sdp.js';

const REAL_OFFERS = [
  ...readdirSync(FIXTURES)
    .filter((name) => name.endsWith('.sdp'))
    .sort()
    .map((name) => readFileSync(new URL(name, FIXTURES), 'utf8')),
  SFB_OFFER,
];

/** Lines that change what an analysis says: directions, fingerprints, SDES keys, m= lines good and bad. */
const TELLING_LINES = [
  'a=sendrecv',
  'a=sendonly',
  'a=recvonly',
  'a=inactive',
  'a=sendonlyish',
  'a=fingerprint:sha-256 CE:17:02:86:E2:E8:B0:EF:F9:F3:3F:82:8A:A6:F0:EF:30:73:1D:5D:B3:5A:60:D7:AC:FE:F0:E3:DF:D5:D9:7B',
  'a=fingerprint:',
  'a=fingerprint: ',
  'a=fingerprint:sha-256 ',
  'a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:IQ+Q4YcN8irlbEovMTkF8LL/uMV0JIGFWrAxrrpY|2^31|1:1',
  'a=cryptoscale:1 client AES_CM_128_HMAC_SHA1_80 inline:x',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'm=audio 0 RTP/AVP 0',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'm=audio  RTP/AVP 0',
  'm=audio 99999999999 RTP/AVP 0',
  'm=audio 9/2 RTP/AVP 0',
  'm=123 9 456 0',
  'm=',
  'a=rtpmap:111 opus/48000/2',
  'a=rtpmap:111 opus',
  'a=rtpmap:0 /8000',
  'a=rtpmap:',
  'c=IN IP4 0.0.0.0',
  'v=0',
  '--boundary',
  'Content-Type: application/sdp',
];

const line = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TELLING_LINES) },
  fc.tuple(fc.constantFrom(...'vosctmab'), fc.string({ maxLength: 60 })).map(([type, value]) => `${type}=${value}`),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

type LineEdit =
  { edit: 'drop' | 'duplicate'; at: number } | { edit: 'replace' | 'insert'; at: number; line: string } | { edit: 'truncate'; at: number; length: number };

const lineEdit: fc.Arbitrary<LineEdit> = fc.oneof(
  fc.record({ edit: fc.constantFrom('drop', 'duplicate'), at: fc.nat() }),
  fc.record({ edit: fc.constantFrom('replace', 'insert'), at: fc.nat(), line }),
  fc.record({ edit: fc.constant('truncate'), at: fc.nat(), length: fc.nat(80) }),
);

function applyEdit(lines: string[], change: LineEdit): string[] {
  const at = change.at % (lines.length + 1);
  const out = [...lines];
  switch (change.edit) {
    case 'drop':
      out.splice(at, 1);
      break;
    case 'duplicate':
      if (at < lines.length) out.splice(at, 0, lines[at] ?? '');
      break;
    case 'replace':
      out.splice(at, 1, change.line);
      break;
    case 'insert':
      out.splice(at, 0, change.line);
      break;
    case 'truncate':
      if (at < lines.length) out[at] = (lines[at] ?? '').slice(0, change.length);
      break;
  }
  return out;
}

const editedOffer = fc
  .record({
    offer: fc.constantFrom(...REAL_OFFERS),
    edits: fc.array(lineEdit, { maxLength: 6 }),
    ending: fc.constantFrom('\r\n', '\r\n', '\n', '\r'),
    keep: fc.option(fc.nat(), { freq: 5 }),
  })
  .map(({ offer, edits, ending, keep }) => {
    const text = edits.reduce(applyEdit, offer.split(/\r\n|\n/)).join(ending);
    return keep === null ? text : text.slice(0, keep % (text.length + 1));
  });

/** Mostly real offers edited; some text and bytes with no SDP in them at all. */
export const sdpText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: editedOffer },
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.uint8Array({ maxLength: 400 }).map((bytes) => `v=0\r\n${Buffer.from(bytes).toString('latin1')}`),
);

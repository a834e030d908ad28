import { describe, expect, it } from 'vitest';
import { holdBackCandidates } from '../../renderer/media/heldCandidates.js';

const OFFER = [
  'v=0',
  'o=- 1 1 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0 1',
  'm=audio 50000 UDP/TLS/RTP/SAVPF 111',
  'c=IN IP4 127.0.0.1',
  'a=candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host',
  'a=candidate:2 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active',
  'a=end-of-candidates',
  'a=mid:0',
  'm=video 50000 UDP/TLS/RTP/SAVPF 96',
  'c=IN IP4 127.0.0.1',
  'a=mid:1',
  'a=candidate:1 1 udp 2130706431 127.0.0.1 50002 typ host',
  '',
].join('\r\n');

describe('held-back candidates', () => {
  it('takes every candidate out of the offer, each with its m-line and mid, and keeps the rest as it was', () => {
    const held = holdBackCandidates(OFFER);
    expect(held.candidates).toEqual([
      { candidate: 'candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host', sdpMLineIndex: 0, sdpMid: '0' },
      { candidate: 'candidate:2 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active', sdpMLineIndex: 0, sdpMid: '0' },
      { candidate: 'candidate:1 1 udp 2130706431 127.0.0.1 50002 typ host', sdpMLineIndex: 1, sdpMid: '1' },
    ]);
    expect(held.offerSdp).toBe(
      OFFER.split('\r\n')
        .filter((line) => !line.startsWith('a=candidate:') && line !== 'a=end-of-candidates')
        .join('\r\n'),
    );
  });

  it('finds nothing to hold back in an offer without candidates', () => {
    const bare = OFFER.split('\r\n')
      .filter((line) => !line.startsWith('a=candidate:'))
      .join('\r\n');
    expect(holdBackCandidates(bare)).toEqual({ offerSdp: bare.replace('a=end-of-candidates\r\n', ''), candidates: [] });
  });
});

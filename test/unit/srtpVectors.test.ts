// Known answers for the SDES-keyed SRTP the bridge speaks to Skype for Business callers, so that a mistake
// shared by the bridge and the test caller (both use SdesSrtp) cannot pass: libsrtp's own validation
// vectors for AES_CM_128_HMAC_SHA1_80 (test/srtp_driver.c, srtp_validate: SSRC 0xcafebabe, sequence 0x1234,
// the first SRTCP index), protected and unprotected through SdesSrtp without an MKI.
import { RtpPacket } from 'werift';
import { describe, expect, it } from 'vitest';
import type { SdesKey } from '../../main/bridge/sdes.js';
import { SdesSrtp } from '../../main/bridge/sdesSrtp.js';

const hex = (text: string) => Buffer.from(text.replaceAll(' ', ''), 'hex');
const KEY_AND_SALT = hex('e1f97a0d3e018be0d64fa32c06de4139 0ec675ad498afeebb6960b3aabe6');
const KEY: SdesKey = { tag: 1, masterKey: KEY_AND_SALT.subarray(0, 16), masterSalt: KEY_AND_SALT.subarray(16) };

const RTP = hex(`800f1234 decafbad cafebabe ${'ab'.repeat(16)}`);
const SRTP = hex('800f1234 decafbad cafebabe 4e55dc4c e79978d8 8ca4d215 949d2402 b78d6acc 99ea179b 8dbb');
const RTCP = hex(`81c8000b cafebabe ${'ab'.repeat(16)}`);
const SRTCP = hex('81c8000b cafebabe 7128035b e487b9bd bef89041 f977a5a8 80000001 993e08cd 54d6c123 0798');

describe('SRTP keyed by SDES, against libsrtp’s known answers', () => {
  it('protects RTP and RTCP exactly as libsrtp does', () => {
    const sender = new SdesSrtp(KEY, KEY);
    const packet = RtpPacket.deSerialize(RTP);
    expect(sender.protectRtp(packet.header, packet.payload).toString('hex')).toBe(SRTP.toString('hex'));
    expect(sender.protectRtcp(RTCP).toString('hex')).toBe(SRTCP.toString('hex'));
  });

  it('unprotects libsrtp’s packets back to the plain ones', () => {
    const receiver = new SdesSrtp(KEY, KEY);
    expect(receiver.unprotectRtp(SRTP).toString('hex')).toBe(RTP.toString('hex'));
    expect(receiver.unprotectRtcp(SRTCP).toString('hex')).toBe(RTCP.toString('hex'));
  });
});

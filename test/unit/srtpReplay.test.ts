// The replay check of the SDES-keyed SRTP the bridge speaks to Skype for Business callers (RFC 3711
// §3.3.2): a packet captured on the way and sent again, at once or later, is refused; packets that come
// out of order within the window, and across the sequence number's wrap, are taken once each.
import { describe, expect, it } from 'vitest';
import { RtcpRrPacket, RtpHeader } from 'werift';
import { REPLAY_WINDOW_SIZE } from '../../main/bridge/replayWindow.js';
import { freshSdesKey } from '../../main/bridge/sdes.js';
import { ReplayedPacketError, SdesSrtp } from '../../main/bridge/sdesSrtp.js';

const SSRC = 0x1234abcd;

/** A sender and a receiver keyed as a caller and the bridge are (the sender's key has an MKI). */
function keyedPair() {
  const senderKey = { ...freshSdesKey(1), mki: { value: 1, length: 1 } };
  const receiverKey = freshSdesKey(1);
  return { sender: new SdesSrtp(senderKey, receiverKey), receiver: new SdesSrtp(receiverKey, senderKey) };
}

/** SRTP packets `first`, `first + 1`, … (sequence numbers wrap at 2^16), protected in order. */
function protectedPackets(sender: SdesSrtp, first: number, count: number): Buffer[] {
  return Array.from({ length: count }, (_, i) => {
    const header = new RtpHeader({ payloadType: 0, ssrc: SSRC, sequenceNumber: (first + i) & 0xffff, timestamp: (first + i) * 160 });
    return sender.protectRtp(header, Buffer.alloc(160, i));
  });
}

/** How many of `packets` the receiver takes and refuses as replays, in that order. */
function deliver(receive: (packet: Buffer) => Buffer, packets: readonly Buffer[]): { taken: number; replayed: number } {
  const counts = { taken: 0, replayed: 0 };
  for (const packet of packets) {
    try {
      receive(packet);
      counts.taken++;
    } catch (error) {
      if (!(error instanceof ReplayedPacketError)) throw error;
      counts.replayed++;
    }
  }
  return counts;
}

describe('SRTP and SRTCP replays', () => {
  it('takes the same SRTP packet once out of three', () => {
    const { sender, receiver } = keyedPair();
    const [packet] = protectedPackets(sender, 7, 1);
    expect(deliver((p) => receiver.unprotectRtp(p), [packet!, packet!, packet!])).toEqual({ taken: 1, replayed: 2 });
  });

  it('refuses an old SRTP packet sent again after 200 newer ones, and takes the next new one', () => {
    const { sender, receiver } = keyedPair();
    const packets = protectedPackets(sender, 1000, 202);
    expect(deliver((p) => receiver.unprotectRtp(p), packets.slice(0, 201))).toEqual({ taken: 201, replayed: 0 });
    expect(deliver((p) => receiver.unprotectRtp(p), [packets[0]!, packets[201]!])).toEqual({ taken: 1, replayed: 1 });
  });

  it('refuses an old SRTP packet never taken once it is behind the window', () => {
    const { sender, receiver } = keyedPair();
    const packets = protectedPackets(sender, 1000, REPLAY_WINDOW_SIZE + 2);
    deliver((p) => receiver.unprotectRtp(p), packets.slice(1));
    // The first packet, delayed: still within the window behind the highest it would be taken, not now.
    expect(deliver((p) => receiver.unprotectRtp(p), [packets[0]!])).toEqual({ taken: 0, replayed: 1 });
  });

  it('takes packets out of order within the window and across the sequence number’s wrap, each once', () => {
    const { sender, receiver } = keyedPair();
    const packets = protectedPackets(sender, 0xffff - 20, 40);
    // The stream starts in order (RFC 3711 §3.3.1 takes the first packet's rollover count as 0).
    const shuffled = [...packets.slice(0, 5), ...packets.slice(15, 30).reverse(), ...packets.slice(5, 15), ...packets.slice(30)];
    expect(deliver((p) => receiver.unprotectRtp(p), shuffled)).toEqual({ taken: 40, replayed: 0 });
    expect(deliver((p) => receiver.unprotectRtp(p), packets)).toEqual({ taken: 0, replayed: 40 });
  });

  it('remembers only authentic packets: a forgery with a fresh sequence number does not spend it', () => {
    const { sender, receiver } = keyedPair();
    const [packet] = protectedPackets(sender, 50, 1);
    const forged = Buffer.from(packet!);
    forged[forged.length - 1]! ^= 0xff;
    expect(() => receiver.unprotectRtp(forged)).toThrow(/authenticate/);
    expect(deliver((p) => receiver.unprotectRtp(p), [packet!])).toEqual({ taken: 1, replayed: 0 });
  });

  it('takes the same SRTCP packet once, and refuses an old one after 200 newer ones', () => {
    const { sender, receiver } = keyedPair();
    const reports = Array.from({ length: 202 }, () => sender.protectRtcp(new RtcpRrPacket({ ssrc: SSRC }).serialize()));
    expect(deliver((p) => receiver.unprotectRtcp(p), [reports[0]!, reports[0]!, reports[0]!])).toEqual({ taken: 1, replayed: 2 });
    expect(deliver((p) => receiver.unprotectRtcp(p), reports.slice(1, 201))).toEqual({ taken: 200, replayed: 0 });
    expect(deliver((p) => receiver.unprotectRtcp(p), [reports[0]!, reports[1]!, reports[201]!])).toEqual({ taken: 1, replayed: 2 });
  });
});

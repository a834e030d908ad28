// SRTP and SRTCP keyed by SDES: werift's SrtpSession and SrtcpSession do the cryptography (AES-CM,
// HMAC-SHA1-80, rollover and SRTCP indexes); what is written here is the MKI, which werift does not
// support and Skype for Business puts in every packet (`|1:1`: one byte, value 1), and the replay check
// (replayWindow.ts). RFC 3711 §3.1 places the MKI between the encrypted portion and the authentication
// tag, outside what the tag covers.
import { ProtectionProfileAes128CmHmacSha1_80, SrtcpSession, SrtpSession, type RtpHeader } from 'werift';
import { ReplayWindows } from './replayWindow.js';
import type { SdesKey } from './sdes.js';

const AUTH_TAG_BYTES = 10;
const RTP_HEADER_BYTES = 12;
const RTCP_HEADER_BYTES = 8;
/** The E flag and the 31-bit SRTCP index, before the tag (RFC 3711 §3.4). */
const SRTCP_INDEX_BYTES = 4;

export class MkiMismatchError extends Error {
  override name = 'MkiMismatchError';
}

/** A packet too short to hold a header and an authentication tag. */
export class ShortPacketError extends Error {
  override name = 'ShortPacketError';
}

/** An authentic packet taken before, or older than the replay window (RFC 3711 §3.3.2). */
export class ReplayedPacketError extends Error {
  override name = 'ReplayedPacketError';
}

/** One direction's keys each way: `local` encrypts what this side sends, `remote` decrypts what it receives. */
export class SdesSrtp {
  readonly #srtp: SrtpSession;
  readonly #srtcp: SrtcpSession;
  readonly #localMki: Buffer | undefined;
  readonly #remoteMki: Buffer | undefined;
  readonly #rtpReplays = new ReplayWindows();
  readonly #rtcpReplays = new ReplayWindows();

  constructor(local: SdesKey, remote: SdesKey) {
    const config = {
      keys: { localMasterKey: local.masterKey, localMasterSalt: local.masterSalt, remoteMasterKey: remote.masterKey, remoteMasterSalt: remote.masterSalt },
      profile: ProtectionProfileAes128CmHmacSha1_80,
    };
    this.#srtp = new SrtpSession(config);
    this.#srtcp = new SrtcpSession(config);
    this.#localMki = mkiBytes(local);
    this.#remoteMki = mkiBytes(remote);
  }

  protectRtp(header: RtpHeader, payload: Buffer): Buffer {
    return withMki(this.#srtp.encrypt(payload, header), this.#localMki);
  }

  /** The RTP packet, or a throw when it does not authenticate, carries another MKI or was taken before. */
  unprotectRtp(packet: Buffer): Buffer {
    const srtp = withoutMki(packet, this.#remoteMki, RTP_HEADER_BYTES);
    const ssrc = srtp.readUInt32BE(8);
    const index = this.#rtpIndex(ssrc, srtp.readUInt16BE(2));
    if (!this.#rtpReplays.isFresh(ssrc, index)) throw new ReplayedPacketError(`SRTP packet ${index} of ${ssrc} was taken before`);
    const plain = this.#srtp.decrypt(srtp);
    this.#rtpReplays.take(ssrc, index);
    return plain;
  }

  protectRtcp(compound: Buffer): Buffer {
    return withMki(this.#srtcp.encrypt(compound), this.#localMki);
  }

  unprotectRtcp(packet: Buffer): Buffer {
    const srtcp = withoutMki(packet, this.#remoteMki, RTCP_HEADER_BYTES + SRTCP_INDEX_BYTES);
    const ssrc = srtcp.readUInt32BE(4);
    const index = srtcp.readUInt32BE(srtcp.length - AUTH_TAG_BYTES - SRTCP_INDEX_BYTES) & 0x7fffffff;
    if (!this.#rtcpReplays.isFresh(ssrc, index)) throw new ReplayedPacketError(`SRTCP packet ${index} of ${ssrc} was taken before`);
    const plain = this.#srtcp.decrypt(srtcp);
    this.#rtcpReplays.take(ssrc, index);
    return plain;
  }

  /**
   * The packet index werift decrypts with (RFC 3711 §3.3.1): its rollover estimate, run on a copy of its
   * state for the SSRC so that a packet refused as a replay leaves that state as it was.
   */
  #rtpIndex(ssrc: number, sequenceNumber: number): number {
    const context = this.#srtp.remoteContext;
    const state = { ...(context.srtpSSRCStates[ssrc] ?? { ssrc, rolloverCounter: 0, lastSequenceNumber: 0 }) };
    context.updateRolloverCount(sequenceNumber, state);
    return state.rolloverCounter * 0x10000 + sequenceNumber;
  }
}

function mkiBytes(key: SdesKey): Buffer | undefined {
  if (!key.mki) return undefined;
  const bytes = Buffer.alloc(key.mki.length);
  const width = Math.min(key.mki.length, 4);
  bytes.writeUIntBE(key.mki.value, key.mki.length - width, width);
  return bytes;
}

function withMki(packet: Buffer, mki: Buffer | undefined): Buffer {
  if (!mki) return packet;
  const tagAt = packet.length - AUTH_TAG_BYTES;
  return Buffer.concat([packet.subarray(0, tagAt), mki, packet.subarray(tagAt)]);
}

/** The packet without its MKI, checked to hold `headerBytes` and a tag. */
function withoutMki(packet: Buffer, mki: Buffer | undefined, headerBytes: number): Buffer {
  const mkiAt = packet.length - AUTH_TAG_BYTES - (mki?.length ?? 0);
  if (mkiAt < headerBytes) throw new ShortPacketError(`A packet of ${packet.length} bytes is too short for SRTP`);
  if (!mki) return packet;
  if (!packet.subarray(mkiAt, mkiAt + mki.length).equals(mki)) throw new MkiMismatchError('The packet does not carry the offered MKI');
  return Buffer.concat([packet.subarray(0, mkiAt), packet.subarray(mkiAt + mki.length)]);
}

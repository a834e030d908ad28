// SRTP and SRTCP keyed by SDES: werift's SrtpSession and SrtcpSession do the cryptography (AES-CM,
// HMAC-SHA1-80, rollover and SRTCP indexes); what is written here is the MKI, which werift does not
// support and Skype for Business puts in every packet (`|1:1`: one byte, value 1). RFC 3711 §3.1 places
// the MKI between the encrypted portion and the authentication tag, outside what the tag covers.
import { ProtectionProfileAes128CmHmacSha1_80, SrtcpSession, SrtpSession, type RtpHeader } from 'werift';
import type { SdesKey } from './sdes.js';

const AUTH_TAG_BYTES = 10;

export class MkiMismatchError extends Error {
  override name = 'MkiMismatchError';
}

/** One direction's keys each way: `local` encrypts what this side sends, `remote` decrypts what it receives. */
export class SdesSrtp {
  readonly #srtp: SrtpSession;
  readonly #srtcp: SrtcpSession;
  readonly #localMki: Buffer | undefined;
  readonly #remoteMki: Buffer | undefined;

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

  /** The RTP packet, or a throw when it does not authenticate or carries another MKI. */
  unprotectRtp(packet: Buffer): Buffer {
    return this.#srtp.decrypt(withoutMki(packet, this.#remoteMki));
  }

  protectRtcp(compound: Buffer): Buffer {
    return withMki(this.#srtcp.encrypt(compound), this.#localMki);
  }

  unprotectRtcp(packet: Buffer): Buffer {
    return this.#srtcp.decrypt(withoutMki(packet, this.#remoteMki));
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

function withoutMki(packet: Buffer, mki: Buffer | undefined): Buffer {
  if (!mki) return packet;
  const mkiAt = packet.length - AUTH_TAG_BYTES - mki.length;
  if (mkiAt < 12 || !packet.subarray(mkiAt, mkiAt + mki.length).equals(mki)) throw new MkiMismatchError('The packet does not carry the offered MKI');
  return Buffer.concat([packet.subarray(0, mkiAt), packet.subarray(mkiAt + mki.length)]);
}

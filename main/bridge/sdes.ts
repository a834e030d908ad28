// SDES keys (RFC 4568) as Skype for Business writes them: `a=crypto:<tag> AES_CM_128_HMAC_SHA1_80
// inline:<key||salt>|2^31|1:1`. Written by hand because werift (like every WebRTC stack) only keys SRTP from
// DTLS, and sdp-transform leaves the key parameters as one string.
import { randomBytes } from 'node:crypto';

/** The only suite Skype for Business offers for audio, and the one werift's SRTP implements. */
export const SDES_SUITE = 'AES_CM_128_HMAC_SHA1_80';
const MASTER_KEY_BYTES = 16;
const MASTER_SALT_BYTES = 14;
/** RFC 4568 §6.1: at most 128 bytes of MKI; Skype for Business uses one. */
const MAX_MKI_BYTES = 128;

/** A master key and salt, and the MKI (RFC 3711) the sender writes into every packet, if any. */
export type SdesKey = {
  tag: number;
  masterKey: Buffer;
  masterSalt: Buffer;
  mki?: { value: number; length: number };
};

/** One `a=crypto` line as sdp-transform parses it. */
export type CryptoLine = { id: number; suite: string; config: string; sessionConfig?: string };

/**
 * The key of one `a=crypto` line, or undefined when it cannot be used: another suite, several keys
 * (`;`), session parameters, a key that is not 30 bytes of base64, or a malformed lifetime or MKI.
 */
export function parseSdesKey(line: CryptoLine): SdesKey | undefined {
  if (line.suite !== SDES_SUITE || !Number.isInteger(line.id) || line.id < 0 || line.id > 999_999_999) return undefined;
  if (line.sessionConfig !== undefined) return undefined;
  const match = /^inline:([A-Za-z0-9+/]+={0,2})(?:\|(2\^\d{1,2}|\d{1,20}))?(?:\|(\d{1,10}):(\d{1,3}))?$/.exec(line.config);
  if (!match) return undefined;
  const [, base64, , mkiValue, mkiLength] = match;
  const keyAndSalt = Buffer.from(base64 ?? '', 'base64');
  if (keyAndSalt.length !== MASTER_KEY_BYTES + MASTER_SALT_BYTES || keyAndSalt.toString('base64') !== base64) return undefined;
  const key: SdesKey = { tag: line.id, masterKey: keyAndSalt.subarray(0, MASTER_KEY_BYTES), masterSalt: keyAndSalt.subarray(MASTER_KEY_BYTES) };
  if (mkiValue === undefined || mkiLength === undefined) return key;
  const mki = { value: Number(mkiValue), length: Number(mkiLength) };
  if (mki.length < 1 || mki.length > MAX_MKI_BYTES || mki.value >= 2 ** (8 * Math.min(mki.length, 4))) return undefined;
  return { ...key, mki };
}

/** A fresh key of ours, answering the offer's line `tag`; without MKI, as SIPE answers Lync. */
export function freshSdesKey(tag: number): SdesKey {
  const keyAndSalt = randomBytes(MASTER_KEY_BYTES + MASTER_SALT_BYTES);
  return { tag, masterKey: keyAndSalt.subarray(0, MASTER_KEY_BYTES), masterSalt: keyAndSalt.subarray(MASTER_KEY_BYTES) };
}

/** The `a=crypto` line for a key, as sdp-transform writes it. */
export function cryptoLine(key: SdesKey): CryptoLine {
  const inline = Buffer.concat([key.masterKey, key.masterSalt]).toString('base64');
  const mki = key.mki ? `|${key.mki.value}:${key.mki.length}` : '';
  return { id: key.tag, suite: SDES_SUITE, config: `inline:${inline}|2^31${mki}` };
}

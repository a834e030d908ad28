// A contact's photo (contactPhoto): read up to a cap and shown only when its bytes really are a PNG or a
// JPEG (by their magic numbers, whatever Content-Type says); anything else is refused with a typed error.
import { MalformedError } from '../ucwa/errors.js';
import type { UcwaHttp } from '../ucwa/http.js';

/** Larger than any sensible card photo (HR48X48 to HR648X648 are tens of kilobytes). */
export const MAX_PHOTO_BYTES = 512 * 1024;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_START = Buffer.from([0xff, 0xd8, 0xff]);

/** GETs the photo and returns it as a data: URI, or throws a UcwaError (HTTP, network, too large, no image). */
export async function fetchPhoto(http: UcwaHttp, url: URL): Promise<string> {
  const bytes = await http.read(url, readCapped, { accept: 'image/png, image/jpeg' });
  const type = imageType(bytes);
  if (type === undefined) throw new MalformedError('contactPhoto', 'not a PNG or JPEG image');
  return `data:${type};base64,${bytes.toString('base64')}`;
}

async function readCapped(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const all: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.byteLength;
    if (size > MAX_PHOTO_BYTES) throw new MalformedError('contactPhoto', `larger than ${MAX_PHOTO_BYTES} bytes`);
    all.push(chunk);
  }
  return Buffer.concat(all);
}

function imageType(bytes: Buffer): 'image/png' | 'image/jpeg' | undefined {
  if (bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) return 'image/png';
  if (bytes.subarray(0, JPEG_START.length).equals(JPEG_START)) return 'image/jpeg';
  return undefined;
}

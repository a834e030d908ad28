// The directory's photos (contactPhoto): a small PNG per person, drawn here (a coloured square with a light
// disc, the colour from the address), so every run serves the same bytes and nothing is read from disk.
// Test knobs serve a photo that is no image at all, and one of several megabytes.
import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

/** What the service serves as someone's photo: their drawing, bytes that are no image, or a 5 MB PNG. */
export type PhotoKind = 'drawn' | 'broken' | 'huge';

/** contactPhoto's default size (HR48X48). */
const SIDE = 48;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const HUGE_BYTES = 5 * 1024 * 1024;

export function photoBytes(uri: string, kind: PhotoKind): Buffer {
  if (kind === 'broken') return Buffer.from(`This is not a picture of ${uri}.\n`, 'utf8');
  const drawn = drawnPhoto(uri);
  if (kind === 'drawn') return drawn;
  // A valid PNG still: an ancillary chunk of a private type, which decoders skip, makes it huge.
  const iend = drawn.subarray(drawn.length - 12);
  return Buffer.concat([drawn.subarray(0, drawn.length - 12), chunk('spAd', Buffer.alloc(HUGE_BYTES)), iend]);
}

function drawnPhoto(uri: string): Buffer {
  const [red, green, blue] = createHash('sha256').update(uri).digest();
  const background = [64 + (red! % 128), 64 + (green! % 128), 64 + (blue! % 128)];
  const rows: Buffer[] = [];
  for (let y = 0; y < SIDE; y++) {
    const row = Buffer.alloc(1 + SIDE * 3); // filter type 0, then RGB
    for (let x = 0; x < SIDE; x++) {
      const inDisc = (x - SIDE / 2) ** 2 + (y - SIDE / 2) ** 2 < (SIDE / 4) ** 2;
      const colour = inDisc ? background.map((value) => Math.min(255, value + 96)) : background;
      row.set(colour, 1 + x * 3);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIDE, 0);
  header.writeUInt32BE(SIDE, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per sample, truecolour, deflate, no filter method, no interlace
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

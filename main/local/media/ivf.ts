import { readFileSync } from 'node:fs';

export type IvfVideo = { fourcc: string; width: number; height: number; frameRate: number; frames: Buffer[] };

/**
 * Reads an IVF file (32-byte header, then a 12-byte header before each frame). Written by hand: the
 * format is this small, and no maintained npm package reads it.
 */
export function readIvf(path: string): IvfVideo {
  const data = readFileSync(path);
  if (data.length < 32 || data.toString('ascii', 0, 4) !== 'DKIF') throw new Error(`${path} is not an IVF file`);
  const headerSize = data.readUInt16LE(6);
  const rate = data.readUInt32LE(16);
  const scale = data.readUInt32LE(20) || 1;
  const frames: Buffer[] = [];
  for (let offset = headerSize; offset + 12 <= data.length;) {
    const size = data.readUInt32LE(offset);
    const start = offset + 12;
    if (start + size > data.length) throw new Error(`${path} ends inside a frame`);
    frames.push(data.subarray(start, start + size));
    offset = start + size;
  }
  return {
    fourcc: data.toString('ascii', 8, 12),
    width: data.readUInt16LE(12),
    height: data.readUInt16LE(14),
    frameRate: rate / scale,
    frames,
  };
}

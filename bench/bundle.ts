import { readdir, readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';

const ASSETS = new URL('../dist/renderer/assets/', import.meta.url);

/** Bytes of the built renderer's JS and CSS, as built and gzipped (zlib default level). */
export async function rendererBundleSize(): Promise<{ raw: number; gzip: number }> {
  const files = (await readdir(ASSETS)).filter((name) => name.endsWith('.js') || name.endsWith('.css'));
  if (files.length === 0) throw new Error('No built renderer in dist/renderer: run npm run build');
  let raw = 0;
  let gzip = 0;
  for (const name of files) {
    const content = await readFile(new URL(name, ASSETS));
    raw += content.length;
    gzip += gzipSync(content).length;
  }
  return { raw, gzip };
}

// The built renderer read into memory once, when the app starts, so that a window's requests for its page
// and scripts are answered in the task that receives them: read from the disk at each request, every file
// took several trips through Node's thread pool, each waiting for the JavaScript thread that also runs the
// core, while the window waited with nothing to parse.
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
};

export type RendererFile = { body: Buffer<ArrayBuffer>; type: string };

/** Each file of the folder a window may load (a known content type), by its path in a URL: '/index.html', '/assets/…'. */
export async function readRendererFiles(rendererDir: string): Promise<Map<string, RendererFile>> {
  const names = await readdir(rendererDir, { recursive: true, withFileTypes: true });
  const files = names.filter((entry) => entry.isFile() && extname(entry.name) in CONTENT_TYPES);
  const read = await Promise.all(
    files.map(async (entry): Promise<[string, RendererFile]> => {
      const file = join(entry.parentPath, entry.name);
      const path = `/${relative(rendererDir, file).split(sep).join('/')}`;
      return [path, { body: await readFile(file), type: CONTENT_TYPES[extname(file)]! }];
    }),
  );
  return new Map(read);
}

/** The file a URL's path names, or undefined for any other path (one outside the folder, or malformed). */
export function rendererFileAt(files: ReadonlyMap<string, RendererFile>, urlPath: string): RendererFile | undefined {
  try {
    return files.get(decodeURIComponent(urlPath));
  } catch {
    return undefined;
  }
}

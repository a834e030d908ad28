// Whether dist/ holds a build of the sources as they are now (bench/buildIfStale.mjs). A build writes every
// file of dist/ anew (it cleans first), so dist/ is current when all its parts are there and its oldest file
// is newer than the newest of what the build reads; anything else (no dist/, a part missing after a failed
// build, a source or a dependency changed since) is not.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the build reads: the sources, its configs, the icon it copies and the dependencies installed. */
export const SOURCES = ['main', 'preload', 'renderer', 'build', 'package.json', 'package-lock.json', 'tsconfig.json', 'node_modules/.package-lock.json'];
/** One file of each part of the build: a part that failed or was never built is missing. */
export const PARTS = ['dist/node/main/core/core.js', 'dist/preload/index.cjs', 'dist/renderer/index.html', 'dist/browser/softphone-bridge.js'];

/**
 * The modification times (ms) of every file at `path`, a file or a folder read through.
 * @param {string} path
 * @returns {Generator<number>}
 */
function* modified(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return;
  if (!stat.isDirectory()) return yield stat.mtimeMs;
  for (const entry of readdirSync(path)) yield* modified(join(path, entry));
}

/**
 * @param {string} root the checkout: dist/ and the sources in it
 * @returns {boolean}
 */
export function distIsCurrent(root) {
  if (!PARTS.every((part) => existsSync(join(root, part)))) return false;
  let newestSource = -Infinity;
  for (const path of SOURCES) for (const time of modified(join(root, path))) newestSource = Math.max(newestSource, time);
  for (const time of modified(join(root, 'dist'))) if (time <= newestSource) return false;
  return true;
}

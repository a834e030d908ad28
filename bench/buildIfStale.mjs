// `npm run bench` measures what is in dist/: it builds first, unless dist/ was built after the last change to
// anything the build reads. A build writes every file of dist/ anew (it cleans first), so dist/ is current
// when all its parts are there and its oldest file is newer than the newest source; anything else (no dist/,
// a part missing, a source or a dependency changed since) builds. The build is most of a minute on 2 cores.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** What the build reads: the sources, its configs, the icon it copies and the dependencies installed. */
const SOURCES = ['main', 'preload', 'renderer', 'build', 'package.json', 'package-lock.json', 'tsconfig.json', 'node_modules/.package-lock.json'];
/** One file of each part of the build: a part that failed or was never built is missing. */
const PARTS = ['dist/node/main/core/core.js', 'dist/preload/index.cjs', 'dist/renderer/index.html', 'dist/browser/softphone-bridge.js'];

/** The modification times (ms) of every file at `path`, a file or a folder read through. */
function* modified(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return;
  if (!stat.isDirectory()) return yield stat.mtimeMs;
  for (const entry of readdirSync(path)) yield* modified(join(path, entry));
}

const at = (path) => join(ROOT, path);
const newestSource = Math.max(...SOURCES.flatMap((path) => [...modified(at(path))]));
const current = PARTS.every((part) => existsSync(at(part))) && Math.min(...modified(at('dist'))) > newestSource;
if (current) {
  console.log('dist/ was built after the last change to its sources: not built again.');
} else {
  const { status } = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  process.exitCode = status ?? 1;
}

// `npm run bench` measures what is in dist/: it builds first, unless dist/ was built after the last change to
// anything the build reads (bench/distCurrent.mjs). The build is most of a minute on 2 cores.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { distIsCurrent } from './distCurrent.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
if (distIsCurrent(ROOT)) {
  console.log('dist/ was built after the last change to its sources: not built again.');
} else {
  const { status } = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  process.exitCode = status ?? 1;
}

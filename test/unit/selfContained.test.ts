// Everything the tests, the bench and the scripts read lives in this repository: a clone with nothing
// beside it runs them all. Files are found relative to their module (new URL(…, import.meta.url)); each
// such path must stay inside the repository, from the source file or, for main/ and preload/, from where
// the build puts it (dist/node/…).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const THIS_FILE = relative(ROOT, fileURLToPath(import.meta.url));
const TRACKED = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter((file) => file && file !== THIS_FILE);
const CODE = TRACKED.filter((file) => /\.(ts|mts|mjs|js|cjs|svelte)$/.test(file));
const MODULE_RELATIVE = /new URL\(\s*['"`]([^'"`]+)['"`]\s*,\s*import\.meta\.url\s*\)/g;

const inside = (path: string) => !relative(ROOT, path).startsWith('..');
const builtDir = (file: string) => (/^(main|preload)\//.test(file) ? join(ROOT, 'dist/node', dirname(file)) : undefined);

describe('a clone with nothing beside it', () => {
  it('finds every file a module reads relative to itself inside the repository', () => {
    const outside: string[] = [];
    for (const file of CODE) {
      for (const [, path] of readFileSync(join(ROOT, file), 'utf8').matchAll(MODULE_RELATIVE)) {
        const fromSource = resolve(ROOT, dirname(file), path!);
        const fromBuild = builtDir(file) && resolve(builtDir(file)!, path!);
        if (!inside(fromSource) && !(fromBuild && inside(fromBuild))) outside.push(`${file}: ${path}`);
      }
    }
    expect(outside).toEqual([]);
  });

  it('names no folder beside the repository in any script, config or source', () => {
    const naming = TRACKED.filter((file) => !file.endsWith('.md') && !file.startsWith('test/fixtures/')).filter((file) =>
      readFileSync(join(ROOT, file), 'latin1').includes('../shared'),
    );
    expect(naming).toEqual([]);
  });
});

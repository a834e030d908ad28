import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error The bench's build check is plain JavaScript without declarations.
import { distIsCurrent, PARTS } from '../../bench/distCurrent.mjs';

let root: string;
/** Writes `path` under root, modified `secondsAgo` seconds ago. */
const file = (path: string, secondsAgo: number) => {
  const at = join(root, path);
  mkdirSync(dirname(at), { recursive: true });
  writeFileSync(at, '');
  const time = Date.now() / 1000 - secondsAgo;
  utimesSync(at, time, time);
};
/** A build 100 s ago of sources last changed 200 s ago. */
const built = () => {
  file('main/core/core.ts', 200);
  file('renderer/App.svelte', 200);
  file('package.json', 200);
  for (const part of PARTS as string[]) file(part, 100);
  file('dist/renderer/assets/index.js', 100);
};

beforeEach(() => void (root = mkdtempSync(join(tmpdir(), 'bench-build-'))));
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('npm run bench’s build check', () => {
  it('skips the build when every part of dist/ was built after the last change to the sources', () => {
    built();
    expect(distIsCurrent(root)).toBe(true);
  });

  it('builds when there is no dist/', () => {
    file('main/core/core.ts', 200);
    expect(distIsCurrent(root)).toBe(false);
  });

  it('builds when a source, a config or the dependencies changed since', () => {
    for (const changed of ['renderer/views/Home.svelte', 'package.json', 'node_modules/.package-lock.json']) {
      built();
      file(changed, 10);
      expect(distIsCurrent(root), changed).toBe(false);
      rmSync(join(root, changed));
    }
  });

  it('builds when a part is missing or older than the sources, as a failed or partial build leaves dist/', () => {
    built();
    rmSync(join(root, 'dist/browser/softphone-bridge.js'));
    expect(distIsCurrent(root)).toBe(false);
    built();
    file('dist/renderer/assets/old.js', 300);
    expect(distIsCurrent(root)).toBe(false);
  });
});

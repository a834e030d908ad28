// electron-builder --linux dir, for real, on the repository with a stand-in Electron: app.asar must
// hold package.json, dist/node, dist/preload, dist/renderer and the production dependencies, nothing else.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Arch, Platform, build } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asar } from './builderModules.js';

interface Manifest {
  main: string;
  productName: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const repo = fileURLToPath(new URL('../../', import.meta.url));
const PLACEHOLDER = '#!/bin/sh\necho "stand-in for the Electron binary"\n';

const readManifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;

/** The production dependency closure, resolved on disk the way Node resolves it. */
function productionPackages(projectDir: string, manifest: Manifest): Set<string> {
  const names = new Set<string>();
  const seen = new Set<string>();
  const visit = (fromDir: string, name: string, optional: boolean): void => {
    const dir = resolvePackage(fromDir, name);
    if (dir === undefined) {
      if (optional) return;
      throw new Error(`${name} (needed by ${fromDir}) is not installed`);
    }
    names.add(name);
    if (seen.has(dir)) return;
    seen.add(dir);
    const dependency = readManifest(dir);
    for (const child of Object.keys(dependency.dependencies ?? {})) visit(dir, child, false);
    for (const child of Object.keys(dependency.optionalDependencies ?? {})) visit(dir, child, true);
  };
  for (const name of Object.keys(manifest.dependencies ?? {})) visit(projectDir, name, false);
  return names;
}

function resolvePackage(fromDir: string, name: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === dirname(dir)) return undefined;
  }
}

/** Package names found anywhere under node_modules/ in the archive, nested ones included. */
function packagesIn(entries: string[]): Set<string> {
  const names = new Set<string>();
  for (const entry of entries) {
    const segments = entry.split('/');
    segments.forEach((segment, i) => {
      const [first, second] = segments.slice(i + 1, i + 3);
      if (segment !== 'node_modules' || first === undefined) return;
      if (!first.startsWith('@')) names.add(first);
      else if (second !== undefined) names.add(`${first}/${second}`);
    });
  }
  return names;
}

describe('electron-builder --linux dir', () => {
  let work: string;
  let manifest: Manifest;
  let appOutDir: string;
  let archive: string;
  let entries: string[];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'softphone-packaging-'));
    // The repository itself, as IT would build it: npm's view of the installed tree (which electron-builder
    // asks for) is only whole there; a copy with node_modules linked in makes npm see every package as
    // extraneous, and electron-builder then silently ships the direct dependencies alone. Only the output
    // folder below is written.
    manifest = readManifest(repo);

    // An unpacked Electron distribution is copied as it is; for a Linux dir target electron-builder only
    // renames `electron` to the executable (a LICENSE, locales/ and resources/ are optional or created).
    const electronDist = join(work, 'electron-dist');
    mkdirSync(electronDist);
    writeFileSync(join(electronDist, 'electron'), PLACEHOLDER, { mode: 0o755 });

    const output = join(work, 'release');
    await build({
      projectDir: repo,
      // x64 whatever the host: the placeholder is a shell script, and the output folder name stays fixed.
      targets: Platform.LINUX.createTarget('dir', Arch.x64),
      publish: 'never',
      config: {
        electronDist,
        electronVersion: manifest.devDependencies?.electron,
        // The placeholder has no fuse sentinel for @electron/fuses to flip; config.test.ts checks the fuses.
        electronFuses: null,
        // No native dependencies to rebuild, and no Electron headers to download.
        npmRebuild: false,
        directories: { output },
      },
    });
    appOutDir = join(output, 'linux-unpacked');
    archive = join(appOutDir, 'resources', 'app.asar');
    entries = asar.listPackage(archive, { isPack: false }).map((entry) => entry.replace(/^\//, ''));
  });

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('names the executable after the product (lower case on Linux)', () => {
    const executable = join(appOutDir, manifest.productName.toLowerCase());
    expect(readFileSync(executable, 'utf8')).toBe(PLACEHOLDER);
    expect(existsSync(join(appOutDir, 'electron'))).toBe(false);
  });

  it('holds package.json, dist and node_modules at the top level, nothing else', () => {
    expect(entries.filter((entry) => !entry.includes('/')).sort()).toEqual(['dist', 'node_modules', 'package.json']);
    expect(JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8'))).toMatchObject({ main: manifest.main });
  });

  it('holds the built main process, preload and renderer, without source maps', () => {
    expect(entries).toEqual(expect.arrayContaining(['dist/node/main/electron/main.js', 'dist/preload/index.cjs', 'dist/renderer/index.html', manifest.main]));
    const built = readdirSync(join(repo, 'dist'), { recursive: true, encoding: 'utf8' })
      .map((path) => `dist/${path}`)
      .filter((path) => /^dist\/(node|preload|renderer)(\/|$)/.test(path) && !path.endsWith('.map'));
    expect(entries.filter((entry) => entry.startsWith('dist/')).sort()).toEqual(built.sort());
  });

  it('holds exactly the production dependencies', () => {
    const production = productionPackages(repo, manifest);
    for (const name of Object.keys(manifest.dependencies ?? {})) {
      expect(entries).toContain(`node_modules/${name}/package.json`);
    }
    const packages = packagesIn(entries);
    expect([...packages].sort()).toEqual([...production].sort());
    for (const name of ['electron', 'electron-builder', 'vite', 'svelte', 'vitest', 'playwright-core', 'typescript']) {
      expect(packages.has(name), name).toBe(false);
    }
    for (const name of Object.keys(manifest.devDependencies ?? {}).filter((name) => !production.has(name))) {
      expect(packages.has(name), name).toBe(false);
    }
  });

  it('ships no source maps and no TypeScript, not even from dependencies', () => {
    expect(entries.filter((entry) => /\.(map|[cm]?tsx?)$/.test(entry))).toEqual([]);
  });
});

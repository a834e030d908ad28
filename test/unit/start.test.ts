import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findBrowser, installedElectron } from '../../main/cli/start.js';

describe('npm start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'softphone-start-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs Electron only where the electron package points at a binary that is there', () => {
    expect(installedElectron(dir)).toBeUndefined();
    writeFileSync(join(dir, 'path.txt'), 'electron');
    expect(installedElectron(dir)).toBeUndefined();
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'electron'), '');
    expect(installedElectron(dir)).toBe(join(dir, 'dist', 'electron'));
  });

  it('opens the app in CHROMIUM_PATH, else the first Chromium or Chrome on the PATH, else in none', () => {
    const on =
      (...paths: string[]) =>
      (path: string) =>
        paths.includes(path);
    expect(findBrowser({ CHROMIUM_PATH: '/opt/chromium/chrome', PATH: '/usr/bin' }, on('/opt/chromium/chrome', '/usr/bin/chromium'))).toBe(
      '/opt/chromium/chrome',
    );
    expect(findBrowser({ CHROMIUM_PATH: '/gone', PATH: '/usr/bin' }, on('/usr/bin/chromium'))).toBeUndefined();
    expect(findBrowser({ PATH: '/usr/local/bin:/usr/bin' }, on('/usr/bin/chromium', '/usr/local/bin/google-chrome'))).toBe('/usr/bin/chromium');
    expect(findBrowser({ PATH: '/usr/local/bin:/usr/bin' }, on('/usr/local/bin/google-chrome'))).toBe('/usr/local/bin/google-chrome');
    expect(findBrowser({ PATH: '/usr/bin' }, on())).toBeUndefined();
  });
});

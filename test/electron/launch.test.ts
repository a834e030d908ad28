// The app in a real Electron, driven by Playwright's `_electron`. Only an unpackaged Electron will do: the
// packaged app's fuses ignore the --inspect flag Playwright connects through (see electron-builder.yml).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WebPreferences } from 'electron';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

// Electron has it at run time but leaves it out of electron.d.ts.
type WithLastWebPreferences = { getLastWebPreferences(): WebPreferences | null };

/**
 * The Electron binary, or undefined when it is not installed. `require('electron')` downloads a missing
 * binary (Electron 45 installs lazily), so it is called only when its index.js would not download.
 */
function installedElectron(): string | undefined {
  const packageDir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(packageDir, 'path.txt');
  const installed =
    Boolean(process.env.ELECTRON_OVERRIDE_DIST_PATH) || (existsSync(pathFile) && existsSync(join(packageDir, 'dist', readFileSync(pathFile, 'utf8'))));
  if (!installed) return undefined;
  const executable = require('electron') as string;
  return existsSync(executable) ? executable : undefined;
}

const electronPath = installedElectron();
if (electronPath === undefined) console.warn('Electron binary not installed here: the _electron suite did not run');

describe.skipIf(electronPath === undefined)('the app in Electron', () => {
  let userData: string;
  let app: ElectronApplication;
  let window: Page;

  beforeAll(async () => {
    // A throwaway profile, so the machine's own settings and configured server stay out of it.
    userData = mkdtempSync(join(tmpdir(), 'softphone-electron-'));
    app = await _electron.launch({ executablePath: electronPath, args: ['.', `--user-data-dir=${userData}`], cwd: repo });
    window = await app.firstWindow();
  });

  afterAll(async () => {
    await app?.close();
    rmSync(userData, { recursive: true, force: true });
  });

  it('opens the main window, signed in to the embedded local service', async () => {
    await window.waitForURL('app://softphone/index.html');
    expect(await window.title()).toBe('Softphone');
    await window.getByText('Available', { exact: true }).waitFor();
  });

  it('keeps every window sandboxed and context-isolated, without Node integration', async () => {
    const preferences = await app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows().map((w) => {
        const p = (w.webContents as typeof w.webContents & WithLastWebPreferences).getLastWebPreferences();
        return { contextIsolation: p?.contextIsolation, sandbox: p?.sandbox, nodeIntegration: p?.nodeIntegration };
      }),
    );
    const secure = { contextIsolation: true, sandbox: true, nodeIntegration: false };
    // The main window and the ring window.
    expect(preferences).toEqual([secure, secure]);
  });
});

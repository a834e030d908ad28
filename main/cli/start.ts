// `npm start`: the app in Electron where its binary is installed (downloaded first if it can be), else, or
// with --browser, the same app in an installed Chromium or Chrome as an app window: the core in Node on
// the embedded local service, the pages through the browser host (main/browserHost/), over loopback.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
const BROWSERS = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];
const DOWNLOAD_TIMEOUT_MS = 120_000;

/** The Electron binary the `electron` package points at, if it is on disk. */
export function installedElectron(packageDir: string, exists: (path: string) => boolean = existsSync): string | undefined {
  const pathFile = join(packageDir, 'path.txt');
  if (!exists(pathFile)) return undefined;
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return exists(binary) ? binary : undefined;
}

/** The browser to open the app in: CHROMIUM_PATH, else the first Chromium or Chrome on the PATH. */
export function findBrowser(env: Record<string, string | undefined>, exists: (path: string) => boolean = existsSync): string | undefined {
  if (env.CHROMIUM_PATH) return exists(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined;
  const folders = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of BROWSERS) for (const folder of folders) if (exists(join(folder, name))) return join(folder, name);
  return undefined;
}

function electron(): string | undefined {
  const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const installed = installedElectron(packageDir);
  if (installed) return installed;
  // What `electron .` would do, quietly: a machine with no way to the download fails at once.
  spawnSync(process.execPath, [join(packageDir, 'install.js')], { stdio: 'ignore', timeout: DOWNLOAD_TIMEOUT_MS });
  return installedElectron(packageDir);
}

async function runInBrowser(): Promise<number> {
  // Loaded here: while Electron runs the app, this process only waits for it.
  const [{ Core }, { startBrowserHost }, { newId }] = await Promise.all([
    import('../core/core.js'),
    import('../browserHost/host.js'),
    import('../ucwa/ids.js'),
  ]);
  const core = await Core.start({ endpointId: newId(), userAgent: 'Softphone/0.1 (browser)' });
  const host = await startBrowserHost({
    core,
    rendererDir: join(ROOT, 'dist/renderer'),
    bridgeFile: join(ROOT, 'dist/browser/softphone-bridge.js'),
  });
  const stop = async () => {
    await host.close();
    await core.stop();
  };
  const browser = findBrowser(process.env);
  if (!browser) {
    console.log(`No Chromium or Chrome found (set CHROMIUM_PATH): open ${host.pageUrl()} in one. Ctrl+C stops.`);
    await new Promise((resolve) => process.once('SIGINT', resolve));
    await stop();
    return 0;
  }
  // The window's address carries the token, and a command line is there for every local user to read
  // (ps): the browser is pointed instead at a page in its own profile folder, which only this user can
  // read (mkdtemp makes it 0700), and that page moves on to the address.
  const profile = mkdtempSync(join(tmpdir(), 'softphone-browser-'));
  const opener = join(profile, 'open.html');
  writeFileSync(opener, `<!doctype html><meta http-equiv="refresh" content="0;url=${host.pageUrl()}"><title>Softphone</title>`, { mode: 0o600 });
  const args = [
    `--app=${pathToFileURL(opener).href}`,
    `--user-data-dir=${profile}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--autoplay-policy=no-user-gesture-required',
    '--window-size=440,720',
  ];
  // Chromium refuses to start as root with its sandbox (containers, CI): there it can only run without.
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  const window = spawn(browser, args, { stdio: 'ignore' });
  process.once('SIGINT', () => window.kill());
  const code = await new Promise<number>((resolve) => window.once('exit', (exitCode) => resolve(exitCode ?? 0)));
  if (code !== 0) console.log(`${browser} stopped with exit code ${code}.`);
  await stop();
  rmSync(profile, { recursive: true, force: true });
  return code;
}

async function main(argv: readonly string[]): Promise<number> {
  const binary = argv.includes('--browser') ? undefined : electron();
  if (binary) {
    const app = spawn(binary, [ROOT], { stdio: 'inherit' });
    return new Promise((resolve) => app.once('exit', (code) => resolve(code ?? 0)));
  }
  if (!argv.includes('--browser')) console.log('The Electron binary is not installed and could not be downloaded: opening Softphone in Chromium instead.');
  return runInBrowser();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main(process.argv.slice(2));

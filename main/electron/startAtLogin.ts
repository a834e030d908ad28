import { app } from 'electron';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import type { AppSnapshot } from '../../preload/shared/contract.js';
import type { Logger } from '../logging/logger.js';
import type { Core } from '../core/core.js';
import { autostartDesktopEntry, autostartFilePath, launcherPath, loginItemSettings, type StartAtLogin } from './autostart.js';

/**
 * Keeps the OS's start-at-login entry as the setting says, at every start (an updated or moved app gets
 * its new path) and on every change. Packaged builds only: a development build would register the bare
 * Electron binary.
 */
export function followStartAtLogin(core: Core, logger: Logger): void {
  if (!app.isPackaged) return;
  let applied: StartAtLogin | undefined;
  const follow = ({ settings }: AppSnapshot) => {
    if (settings.startAtLogin === applied) return;
    applied = settings.startAtLogin;
    try {
      applyStartAtLogin(applied);
      logger.info(`Start at login: ${applied}`);
    } catch (error) {
      logger.error('Start at login could not be changed', error);
    }
  };
  follow(core.snapshot());
  core.subscribe(follow);
}

function applyStartAtLogin(choice: StartAtLogin): void {
  const executable = launcherPath(process.execPath, process.env);
  // Electron's login items cover Windows and macOS; Linux desktops read XDG autostart files.
  if (process.platform !== 'linux') return app.setLoginItemSettings(loginItemSettings(choice, executable));
  const file = autostartFilePath(process.env, homedir());
  if (choice === 'off') return rmSync(file, { force: true });
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, autostartDesktopEntry(app.getName(), executable, choice), { mode: 0o644 });
}

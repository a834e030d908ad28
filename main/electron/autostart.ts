// Starting at login: the arguments and files the OS needs, and whether this start should keep the window
// hidden. Pure, so it is tested in Node; startAtLogin.ts applies it (Electron's login items on Windows and
// macOS, an XDG autostart file on Linux, where Electron has none).
import { posix } from 'node:path';
import type { Settings } from '../../preload/shared/contract.js';

export type StartAtLogin = Settings['startAtLogin'];

/** In argv: do not show the main window at start. */
export const HIDDEN_FLAG = '--hidden';

export class DesktopEntryError extends Error {
  override name = 'DesktopEntryError';
}

function startArguments(choice: StartAtLogin): string[] {
  return choice === 'hidden' ? [HIDDEN_FLAG] : [];
}

/** For app.setLoginItemSettings; `args` reach Windows only (macOS tells `wasOpenedAtLogin` instead). */
export function loginItemSettings(choice: StartAtLogin, executable: string): { openAtLogin: boolean; path: string; args: string[] } {
  return { openAtLogin: choice !== 'off', path: executable, args: startArguments(choice) };
}

/** An AppImage runs from a mount that changes every start; APPIMAGE names the file itself. */
export function launcherPath(execPath: string, env: Readonly<Record<string, string | undefined>>): string {
  return env.APPIMAGE || execPath;
}

/** `$XDG_CONFIG_HOME/autostart/softphone.desktop`; a relative XDG_CONFIG_HOME is ignored, as the spec says. */
export function autostartFilePath(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const configHome = env.XDG_CONFIG_HOME && posix.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : posix.join(home, '.config');
  return posix.join(configHome, 'autostart', 'softphone.desktop');
}

export function autostartDesktopEntry(name: string, executable: string, choice: Exclude<StartAtLogin, 'off'>): string {
  if (!posix.isAbsolute(executable) || executable.includes('=')) {
    throw new DesktopEntryError('The executable for a desktop entry needs an absolute path without "=".');
  }
  const exec = [executable, ...startArguments(choice)].map(execArgument).join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.5',
    `Name=${stringValue(name)}`,
    `Exec=${exec}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/**
 * One argument of an Exec line (Desktop Entry spec, "The Exec key"): quoted when it holds a reserved
 * character, with ", `, $ and \ escaped inside the quotes; % doubled (field codes); then the string-value
 * escape doubles every backslash again, so a literal \ is written \\\\ and a literal $ is \\$.
 */
function execArgument(argument: string): string {
  const quoted = /[\s"'\\><~|&;$*?#()`]/.test(argument) ? `"${argument.replace(/["`$\\]/g, '\\$&')}"` : argument;
  return stringValue(quoted).replace(/%/g, '%%');
}

/** A desktop entry string value: no control characters (a newline would start a new key), backslashes escaped. */
function stringValue(text: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(text)) throw new DesktopEntryError('A desktop entry value cannot hold control characters.');
  return text.replace(/\\/g, '\\\\');
}

/** `--hidden` asks for it; a macOS login item cannot carry arguments, so there the setting decides. */
export function startsHidden(argv: readonly string[], openedAtLogin: boolean, startAtLogin: StartAtLogin): boolean {
  return argv.includes(HIDDEN_FLAG) || (openedAtLogin && startAtLogin === 'hidden');
}

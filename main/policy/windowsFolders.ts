// Windows' own folders as the system has them, never as the environment says: each user may set
// %ProgramData% and %SystemRoot% for their own processes, to a folder without a policy (escaping locked
// settings) or with one of their own. No native addon can call SHGetKnownFolderPath here, and reg.exe would
// be found through %SystemRoot% again. \SystemRoot is a link in the object manager's namespace to the folder
// Windows started from, set at boot, which no user can change; \\?\GLOBALROOT reaches that namespace through
// the Win32 file API, and realpath gives its drive-letter path. ProgramData lies at the root of that drive
// (Microsoft does not support moving it). Where the link cannot be read, the default installation's folders.
import { realpathSync } from 'node:fs';
import { win32 } from 'node:path';

const SYSTEM_ROOT_LINK = '\\\\?\\GLOBALROOT\\SystemRoot';
const DEFAULT_SYSTEM_ROOT = 'C:\\Windows';

export type Realpath = (path: string) => string;

/** The Windows folder, e.g. C:\Windows. */
export function windowsSystemRoot(realpath: Realpath = realpathSync.native): string {
  let resolved: string;
  try {
    resolved = realpath(SYSTEM_ROOT_LINK).replace(/^\\\\\?\\/, '');
  } catch {
    return DEFAULT_SYSTEM_ROOT;
  }
  return /^[A-Za-z]:\\[^\\]/.test(resolved) ? resolved : DEFAULT_SYSTEM_ROOT;
}

/** The machine-wide application data folder, e.g. C:\ProgramData. */
export function windowsProgramData(realpath: Realpath = realpathSync.native): string {
  return win32.join(win32.parse(windowsSystemRoot(realpath)).root, 'ProgramData');
}

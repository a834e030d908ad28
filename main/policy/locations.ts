// Where the admin policy file is looked for. Machine-wide folders only, which users cannot write:
// a per-user location would let a user override the admin.
import { posix, win32 } from 'node:path';
import { windowsProgramData } from './windowsFolders.js';

/** The policy file's paths for a platform, in the order they are tried; on Windows under the system's ProgramData. */
export function policyLocations(platform: NodeJS.Platform, programData: () => string = windowsProgramData): readonly string[] {
  switch (platform) {
    case 'win32':
      return [win32.join(programData(), 'Softphone', 'policy.json')];
    case 'darwin':
      return [posix.join('/Library/Application Support', 'Softphone', 'policy.json')];
    default:
      return [posix.join('/etc', 'softphone', 'policy.json')];
  }
}

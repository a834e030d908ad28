// This machine's admin policy: the file where the platform keeps it, used only when no one but
// administrators could have written it. Anyone else's file could name a server that receives every
// user's password, so it is ignored with the banner, and the app runs with its defaults.
import { readFileSync } from 'node:fs';
import { loadPolicy, type LoadedPolicy } from './load.js';
import { policyLocations } from './locations.js';
import { posixPathProblem, rootTrust } from './posixTrust.js';
import { windowsPathProblem } from './windowsTrust.js';

export function loadMachinePolicy(platform: NodeJS.Platform = process.platform): LoadedPolicy {
  return loadPolicy(policyLocations(platform), readFileSync, (file) =>
    platform === 'win32' ? windowsPathProblem(file) : posixPathProblem(file, rootTrust(platform)),
  );
}

// Whether users other than administrators could have written the policy file (Windows): its folder and
// the file must be owned by Administrators, SYSTEM or TrustedInstaller, and no one else may be allowed to
// change them. ProgramData itself lets every user add folders but not replace another's, so the check
// starts at the policy's own folder. The decision reads each one's security descriptor in SDDL, which
// names accounts by SID in every language of Windows.
import { execFileSync } from 'node:child_process';
import { win32 } from 'node:path';
import { windowsSystemRoot } from './windowsFolders.js';

const TRUSTED = new Map([
  ['SY', 'SYSTEM'],
  ['S-1-5-18', 'SYSTEM'],
  ['BA', 'Administrators'],
  ['S-1-5-32-544', 'Administrators'],
  ['S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464', 'TrustedInstaller'],
]);

const NAMES = new Map([
  ['BU', 'Users'],
  ['S-1-5-32-545', 'Users'],
  ['AU', 'Authenticated Users'],
  ['S-1-5-11', 'Authenticated Users'],
  ['WD', 'Everyone'],
  ['S-1-1-0', 'Everyone'],
  ['IU', 'interactive users'],
  ['CO', 'its creator'],
  ['OW', 'its owner'],
]);

/** Access rights in SDDL's two-letter form (file, generic, standard and directory-service names). */
const RIGHTS: Record<string, number> = {
  GA: 0x10000000,
  GR: 0x80000000,
  GW: 0x40000000,
  GX: 0x20000000,
  RC: 0x20000,
  SD: 0x10000,
  WD: 0x40000,
  WO: 0x80000,
  CC: 0x1,
  DC: 0x2,
  LC: 0x4,
  SW: 0x8,
  RP: 0x10,
  WP: 0x20,
  DT: 0x40,
  LO: 0x80,
  CR: 0x100,
  FA: 0x1f01ff,
  FR: 0x120089,
  FW: 0x120116,
  FX: 0x1200a0,
};

/**
 * Rights that change a file or a folder's content or who may: write data or add files, append or add
 * folders, extended attributes, delete children, attributes, delete, change permissions or owner, and the
 * generic all and write.
 */
const WRITE = 0x2 | 0x4 | 0x10 | 0x40 | 0x100 | 0x10000 | 0x40000 | 0x80000 | 0x10000000 | 0x40000000;

const ALLOW_TYPES = new Set(['A', 'OA', 'XA', 'ZA']);

const nameOf = (sid: string) => TRUSTED.get(sid) ?? NAMES.get(sid) ?? sid;

/** Why users other than administrators could change the entry this SDDL describes; undefined when they cannot. */
export function sddlProblem(path: string, sddl: string): string | undefined {
  const owner = /^O:(S-1-[\d-]+|[A-Z]{2})/.exec(sddl)?.[1];
  // The DACL's flags, its ACEs, and what follows: only the SACL may (an ACE with parentheses inside it is not read).
  const [, daclFlags, aces, rest] = /D:([A-Z_]*)((?:\([^()]*\))*)(.*)$/.exec(sddl) ?? [];
  if (owner === undefined || aces === undefined || !(rest === '' || rest?.startsWith('S:'))) return `the permissions of ${path} could not be read`;
  if (!TRUSTED.has(owner)) return `${path} belongs to ${nameOf(owner)}, not to an administrator`;
  // No DACL at all lets everyone do anything.
  if (daclFlags?.includes('NO_ACCESS_CONTROL')) return `every user may change ${path}`;
  for (const ace of aces.slice(1, -1).split(')(').filter(Boolean)) {
    const [type = '', flags = '', rights = '', , , sid = ''] = ace.split(';');
    const inheritOnly = pairs(flags).includes('IO');
    if (!ALLOW_TYPES.has(type) || inheritOnly || TRUSTED.has(sid)) continue;
    if (rightsMask(rights) & WRITE) return `${nameOf(sid)} may change ${path}`;
  }
  return undefined;
}

/** SDDL's two-letter codes, as written one after the other. */
function pairs(codes: string): string[] {
  return codes.match(/.{1,2}/g) ?? [];
}

/** The rights of an ACE as a mask; a right this does not know counts as all of them. */
function rightsMask(rights: string): number {
  if (/^0x[\da-f]+$/i.test(rights)) return Number(rights);
  return pairs(rights).reduce((mask, code) => mask | (RIGHTS[code] ?? WRITE), 0);
}

/** Each path's security descriptor in SDDL, in order. */
export type ReadSddl = (paths: readonly string[]) => string[];

/**
 * Why the policy file cannot be trusted: its folder's or its own first problem. A descriptor that cannot
 * be read is a problem too: a policy is not trusted without knowing who may change it.
 */
export function windowsPathProblem(file: string, readSddl: ReadSddl = powerShellSddl): string | undefined {
  const paths = [win32.dirname(file), file];
  let descriptors: string[];
  try {
    descriptors = readSddl(paths);
  } catch {
    return `the permissions of ${file} could not be read`;
  }
  for (const [index, path] of paths.entries()) {
    const problem = sddlProblem(path, descriptors[index] ?? '');
    if (problem) return problem;
  }
  return undefined;
}

/** Get-Acl through Windows PowerShell, found under the system's own Windows folder (windowsFolders.ts). */
function powerShellSddl(paths: readonly string[]): string[] {
  const powerShell = win32.join(windowsSystemRoot(), 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe');
  const quoted = paths.map((path) => `'${path.replaceAll("'", "''")}'`).join(',');
  const output = execFileSync(powerShell, ['-NoProfile', '-NonInteractive', '-Command', `${quoted} | ForEach-Object { (Get-Acl -LiteralPath $_).Sddl }`], {
    encoding: 'utf8',
    windowsHide: true,
    timeout: 30_000,
  });
  return output.split(/\r?\n/).filter(Boolean);
}

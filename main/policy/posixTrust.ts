// Whether users other than root could have written the policy file (macOS, Linux): the file and every
// folder on its path must be owned by root and writable by no one else. A folder others may add entries
// to but not replace them in (the sticky bit, as /tmp) is no risk: what lies in it is checked in turn.
import { realpathSync, statSync } from 'node:fs';
import { posix } from 'node:path';

/** What the decision reads of a file or folder (fs.Stats has it). */
export type PosixEntry = { mode: number; uid: number; gid: number; isDirectory(): boolean };

export type PosixTrust = {
  /** Owners whose files are the administrator's: root (tests add their own user). */
  owners: ReadonlySet<number>;
  /** Groups that may write: root's (wheel), and on macOS admin, whose members are administrators. */
  groups: ReadonlySet<number>;
};

const GROUP_WRITE = 0o020;
const OTHER_WRITE = 0o002;
const STICKY = 0o1000;

/** Root, and the groups of administrators on this platform. */
export function rootTrust(platform: NodeJS.Platform): PosixTrust {
  return { owners: new Set([0]), groups: new Set(platform === 'darwin' ? [0, 80] : [0]) };
}

/** Why users other than the trusted ones could change this entry; undefined when they cannot. */
export function posixEntryProblem(path: string, entry: PosixEntry, trust: PosixTrust): string | undefined {
  if (!trust.owners.has(entry.uid)) return `${path} belongs to user ${entry.uid}, not to root`;
  const shielded = entry.isDirectory() && (entry.mode & STICKY) !== 0;
  if (entry.mode & OTHER_WRITE && !shielded) return `every user may change ${path}`;
  if (entry.mode & GROUP_WRITE && !trust.groups.has(entry.gid) && !shielded) return `group ${entry.gid} may change ${path}`;
  return undefined;
}

/**
 * Why the file at `file` cannot be trusted: the first entry, from the root down, that others could change.
 * Symbolic links are followed first, so the folders checked are the ones the file really lies in.
 */
export function posixPathProblem(file: string, trust: PosixTrust, stat: (path: string) => PosixEntry = statSync, realpath = realpathSync): string | undefined {
  const real = realpath(file);
  const parts = real.split(posix.sep).filter(Boolean);
  const paths = parts.map((_, index) => posix.sep + parts.slice(0, index + 1).join(posix.sep));
  for (const path of [posix.sep, ...paths]) {
    const problem = posixEntryProblem(path, stat(path), trust);
    if (problem) return problem;
  }
  return undefined;
}

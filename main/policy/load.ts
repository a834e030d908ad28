// Reads the admin policy: the first file that exists wins. A file that cannot be used is ignored as a
// whole (as if there were none) with a sentence saying why, so a typo never half-applies a policy.
import { readFileSync } from 'node:fs';
import { describeIssues } from './issues.js';
import { defaultPolicy, policySchema, type Policy } from './schema.js';

export const MAX_POLICY_BYTES = 64 * 1024;

export type ReadFile = (file: string) => Uint8Array;

/** Why users other than administrators could have written the file (machinePolicy.ts); undefined when they could not. */
export type TrustCheck = (file: string) => string | undefined;

export type LoadedPolicy = {
  policy: Policy;
  /** The file the policy came from; absent when there is none or it was ignored. */
  source?: string;
  /** Why the policy file was ignored, for the administrator. */
  problem?: string;
};

/** The errors that mean there is no file here, so the next location is tried. */
const ABSENT = new Set(['ENOENT', 'ENOTDIR']);

// A Map, so a code such as `toString` or `__proto__` is not found on Object.prototype.
const READ_FAILURES = new Map([
  ['EACCES', 'it could not be read (permission denied)'],
  ['EPERM', 'it could not be read (permission denied)'],
  ['EISDIR', 'it is a folder, not a file'],
]);

/** `untrusted`: without it, every file is taken as the administrator's (tests of the reading alone). */
export function loadPolicy(locations: readonly string[], readFile: ReadFile = readFileSync, untrusted?: TrustCheck): LoadedPolicy {
  for (const file of locations) {
    let bytes: Uint8Array;
    try {
      bytes = readFile(file);
    } catch (error) {
      const code = errorCode(error);
      if (ABSENT.has(code)) continue;
      return ignored(file, READ_FAILURES.get(code) ?? `it could not be read (${code || describeThrown(error)})`);
    }
    const distrust = untrusted && trustProblem(file, untrusted);
    if (distrust) return ignored(file, `users other than administrators could have written it (${distrust})`);
    return parsePolicy(file, bytes);
  }
  return { policy: defaultPolicy() };
}

function trustProblem(file: string, untrusted: TrustCheck): string | undefined {
  try {
    return untrusted(file);
  } catch (error) {
    return `its permissions could not be read: ${errorCode(error) || describeThrown(error)}`;
  }
}

/** Node's error code, when what was thrown has one (an injected readFile may throw anything). */
function errorCode(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : '';
}

function describeThrown(error: unknown): string {
  if (error instanceof Error) return error.message;
  // String() throws on an object without a prototype or a toString of its own.
  try {
    return String(error);
  } catch {
    return typeof error;
  }
}

function parsePolicy(file: string, bytes: Uint8Array): LoadedPolicy {
  if (bytes.length > MAX_POLICY_BYTES) return ignored(file, `it is larger than ${MAX_POLICY_BYTES / 1024} KiB`);
  let text: string;
  try {
    // Strips a byte order mark, which Windows editors like to write.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return ignored(file, 'it is not UTF-8 text');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return ignored(file, `it is not valid JSON (${(error as SyntaxError).message})`);
  }
  const parsed = policySchema.safeParse(json);
  if (!parsed.success) return ignored(file, describeIssues(parsed.error.issues));
  return { policy: parsed.data, source: file };
}

function ignored(file: string, why: string): LoadedPolicy {
  return { policy: defaultPolicy(), problem: `The admin policy ${file} was ignored: ${why}.` };
}

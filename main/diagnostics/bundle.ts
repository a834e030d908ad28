// "Export diagnostics": one plain-text file IT can read and attach to a ticket. Built here from what the
// adapter gathers; secrets are redacted again, and settings pass an allowlist so a setting added later
// stays out until someone decides it is safe to share.
import type { Settings } from '../../preload/shared/contract.js';
import type { LogFileLines } from '../logging/appLog.js';
import { redactSecrets, redactValue } from '../logging/redact.js';

export const DIAGNOSTIC_SETTINGS = [
  'doNotDisturb',
  'answerShortcut',
  'startAtLogin',
  'ringAlsoOnDefault',
  'joinMicrophoneOff',
  'joinCameraOff',
  'joinByPhone',
  'microphone',
  'camera',
  'speaker',
  'ringer',
] as const satisfies readonly (keyof Settings)[];
const DEFAULT_LOG_LINES = 2000;

export type Versions = { app: string; electron: string; chrome: string; node: string; os: string };

export type DiagnosticsInput = {
  createdAt: Date;
  versions: Versions;
  settings: Settings;
  /** The admin policy in force, as the policy module summarises it; undefined when there is none. */
  policy: unknown;
  logFiles: readonly LogFileLines[];
  logLines?: number;
};

export function diagnosticsBundle(input: DiagnosticsInput): string {
  const { versions } = input;
  const settings = Object.fromEntries(DIAGNOSTIC_SETTINGS.filter((key) => key in input.settings).map((key) => [key, input.settings[key]]));
  const limit = input.logLines ?? DEFAULT_LOG_LINES;
  const lines = lastLogLines(input.logFiles, limit);
  return [
    'Softphone diagnostics',
    `Created: ${input.createdAt.toISOString()}`,
    '',
    '== Versions',
    `Softphone: ${versions.app}`,
    `Electron: ${versions.electron}`,
    `Chrome: ${versions.chrome}`,
    `Node: ${versions.node}`,
    `OS: ${versions.os}`,
    '',
    '== Settings',
    redactSecrets(JSON.stringify(settings, null, 2)),
    '',
    '== Admin policy',
    input.policy === undefined ? 'None.' : redactSecrets(JSON.stringify(redactValue(input.policy), null, 2)),
    '',
    `== Log (last ${lines.length} of at most ${limit} lines)`,
    ...lines,
    '',
  ].join('\n');
}

/** The newest lines across the log files, oldest first: the rotated file (`*.old.log`) comes before the current one. */
export function lastLogLines(files: readonly LogFileLines[], limit: number): string[] {
  const ordered = [...files].sort((a, b) => Number(b.path.endsWith('.old.log')) - Number(a.path.endsWith('.old.log')));
  const lines = ordered.flatMap((file) => file.lines).filter((line) => line !== '');
  return (limit > 0 ? lines.slice(-limit) : []).map(redactSecrets);
}

/** A name that sorts by time and is valid on every OS (no colons). */
export function diagnosticsFileName(createdAt: Date): string {
  return `softphone-diagnostics-${createdAt.toISOString().replace(/[:.]/g, '-')}.txt`;
}

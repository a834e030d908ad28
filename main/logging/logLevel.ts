// How much the app logs: info unless SOFTPHONE_LOG_LEVEL or --log-level= says otherwise (the flag wins).

export const LOG_LEVELS = ['error', 'warn', 'info', 'verbose', 'debug', 'silly'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const DEFAULT_LOG_LEVEL: LogLevel = 'info';
const FLAG = '--log-level=';

export class LogLevelError extends Error {
  override name = 'LogLevelError';
}

export function parseLogLevel(value: string): LogLevel {
  const level = LOG_LEVELS.find((candidate) => candidate === value.trim().toLowerCase());
  if (!level) throw new LogLevelError(`Unknown log level "${value.slice(0, 20)}": use one of ${LOG_LEVELS.join(', ')}.`);
  return level;
}

/** The level asked for; a wrong one falls back to the default with a problem to log, never stopping the app. */
export function logLevelFrom(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): { level: LogLevel; problem?: string } {
  const wanted = argv.findLast((arg) => arg.startsWith(FLAG))?.slice(FLAG.length) ?? env.SOFTPHONE_LOG_LEVEL;
  if (wanted === undefined || wanted === '') return { level: DEFAULT_LOG_LEVEL };
  try {
    return { level: parseLogLevel(wanted) };
  } catch (error) {
    if (!(error instanceof LogLevelError)) throw error;
    return { level: DEFAULT_LOG_LEVEL, problem: error.message };
  }
}

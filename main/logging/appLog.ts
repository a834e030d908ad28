// The app's log: main.log in the logs folder, rotated at about 1 MB into main.old.log (one old file kept),
// every line redacted (redact.ts) before any transport writes it; the console only in development.
//
// electron-log's Node entry, not its Electron one: electron-log/main registers its own IPC channel
// (`__ELECTRON_LOG__`) in the main process, a channel no renderer of ours needs and no router validates.
// The Node entry writes the same files, and runs in plain Node, so this module is tested for real.
import electronLog from 'electron-log/node';
import { basename, join } from 'node:path';
import type { Logger } from './logger.js';
import type { LogLevel } from './logLevel.js';
import { redactLogMessage } from './redact.js';

export const LOG_FILE_NAME = 'main.log';
export const LOG_FILE_MAX_BYTES = 1024 * 1024;
/** The current file and the one electron-log's rotation keeps (`<name>.old.log`). */
const LOG_FILES = [LOG_FILE_NAME, 'main.old.log'];

export type LogFileLines = { path: string; lines: string[] };

export type AppLog = {
  logger: Logger;
  /** Every log file in the folder, current and rotated, as written (already redacted). */
  readLogFiles(): LogFileLines[];
};

export type AppLogOptions = {
  directory: string;
  level: LogLevel;
  /** Also print to the console (development). */
  console: boolean;
  maxBytes?: number;
};

export function openAppLog(options: AppLogOptions): AppLog {
  const log = electronLog.create({ logId: `softphone:${options.directory}` });
  const file = log.transports.file;
  // The app's name would otherwise be looked up in the nearest package.json, only to build paths unused here.
  file.setAppName('Softphone');
  file.resolvePathFn = () => join(options.directory, LOG_FILE_NAME);
  file.maxSize = options.maxBytes ?? LOG_FILE_MAX_BYTES;
  file.level = options.level;
  log.transports.console.level = options.console ? options.level : false;
  log.hooks.push(redactLogMessage);
  const write = (level: 'info' | 'warn' | 'error' | 'debug') => (message: string, data?: unknown) => {
    if (data === undefined) log[level](message);
    else log[level](message, data);
  };
  return {
    logger: { info: write('info'), warn: write('warn'), error: write('error'), debug: write('debug') },
    readLogFiles: () => file.readAllLogs({ fileFilter: (path) => LOG_FILES.includes(basename(path)) }),
  };
}

/**
 * What the core and the adapter log through. The app's implementation writes redacted, rotating files
 * (appLog.ts); `data` is an object or an error, redacted like the message.
 */
export type Logger = {
  info(message: string, data?: unknown): void;
  warn(message: string, data?: unknown): void;
  error(message: string, data?: unknown): void;
  /** What happened step by step, written only at the debug level (`--log-level=debug`). */
  debug(message: string, data?: unknown): void;
};

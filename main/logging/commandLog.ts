// At the debug level, every command a window sends is logged with its outcome: its type and the error
// code only, never its content (SDP, messages, addresses).
import type { CommandResult } from '../../preload/shared/contract.js';
import type { Logger } from './logger.js';

type Route<Sender> = (sender: Sender, raw: unknown) => Promise<CommandResult>;

export function logCommands<Sender>(route: Route<Sender>, logger: Logger): Route<Sender> {
  return async (sender, raw) => {
    const result = await route(sender, raw);
    logger.debug(`command ${commandType(raw)}: ${result.ok ? 'ok' : result.error.code}`);
    return result;
  };
}

function commandType(raw: unknown): string {
  const type = typeof raw === 'object' && raw !== null && 'type' in raw ? raw.type : undefined;
  return typeof type === 'string' && /^[A-Za-z]{1,40}$/.test(type) ? type : '(not a command)';
}

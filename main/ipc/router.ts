import { IllegalActionError } from '../calls/errors.js';
import { RenegotiationFailedError, UnavailableActionError, UnknownCallError } from '../calls/errors.js';
import { CallTargetError } from '../calls/callTargets.js';
import { MeetingLinkError } from '../calls/meetingLinks.js';
import { FEATURE_OFF } from '../policy/features.js';
import { HistoryWriteError } from '../history/history.js';
import { LockedSettingError, MyPresenceInputError, MyPresenceUnavailableError, UnavailableError, type Core } from '../core/core.js';
import { UcwaError } from '../ucwa/errors.js';
import { commandEntry, type CommandContext } from './commands.js';
import { commandSchema, type CommandError, type CommandResult, type RingContentReport, type WindowRole } from '../../preload/shared/contract.js';
import { snapshotFor } from './windowSnapshots.js';

export type Sender = {
  /** The URL of the frame (Electron) or page (harness) that sent the command. */
  url: string;
  /** Which window sent it: the reply carries that window's view of the snapshot (windowSnapshots.ts); the main window's without it. */
  window?: WindowRole;
};

export type CommandRouter = (sender: Sender, raw: unknown) => Promise<CommandResult>;

/** What the desktop around the core does with commands about its windows; absent where there are none. */
export type DesktopWindows = { fitRingWindow?(report: RingContentReport): void };

/**
 * Every command from a renderer comes through here: the sender must be one of the app's own pages and
 * the command must match the contract's schema before anything runs.
 */
export function createCommandRouter(core: Core, trustedOrigins: readonly string[], desktop: DesktopWindows = {}): CommandRouter {
  // The ring window's last measure: the same one again resizes nothing.
  let ringContent: RingContentReport | undefined;
  const context: CommandContext = {
    core,
    fitRingWindow(report) {
      if (ringContent?.height === report.height && ringContent.cards === report.cards) return;
      ringContent = report;
      desktop.fitRingWindow?.(report);
    },
  };
  return async (sender, raw) => {
    if (!isTrusted(sender.url, trustedOrigins)) {
      return failure('UntrustedSender', 'Commands are only accepted from the app’s own pages.');
    }
    const parsed = commandSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return failure('InvalidCommand', `${issue?.path.join('.') || 'command'}: ${issue?.message ?? 'invalid'}`);
    }
    const command = parsed.data;
    const entry = commandEntry(command);
    const before = core.snapshot();
    const off = entry.needs?.(command, before).find((feature) => !before.policy.features[feature]);
    if (off) return failure('Unavailable', FEATURE_OFF[off]);
    try {
      const outcome = await entry.run(context, command);
      return { ok: true, snapshot: snapshotFor(sender.window ?? 'main', core.snapshot()), ...outcome };
    } catch (error) {
      return failure(...classify(error));
    }
  };
}

/** Compares scheme and host: WHATWG `origin` is "null" for the app's own `app://` scheme. */
function isTrusted(url: string, trustedOrigins: readonly string[]): boolean {
  try {
    const { protocol, host } = new URL(url);
    return trustedOrigins.includes(`${protocol}//${host}`);
  } catch {
    return false;
  }
}

function classify(error: unknown): [CommandError['code'], string] {
  if (error instanceof UnknownCallError) return ['UnknownCall', error.message];
  if (error instanceof IllegalActionError) return ['IllegalAction', error.message];
  if (
    error instanceof UnavailableError ||
    error instanceof UnavailableActionError ||
    error instanceof LockedSettingError ||
    error instanceof MyPresenceUnavailableError ||
    error instanceof HistoryWriteError
  )
    return ['Unavailable', error.message];
  if (error instanceof MeetingLinkError || error instanceof CallTargetError || error instanceof MyPresenceInputError) return ['InvalidCommand', error.message];
  if (error instanceof UcwaError || error instanceof RenegotiationFailedError) return ['ServerError', error.message];
  throw error;
}

function failure(code: CommandError['code'], message: string): CommandResult {
  return { ok: false, error: { code, message } };
}

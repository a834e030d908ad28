// A server's conversation log as an entry of the lasting history (source 'server'), so Home's Recent and
// the history search show it beside what this app saw, and it outlives the session.
import { randomUUID } from 'node:crypto';
import type { HistoryEntry, HistoryKind } from '../../preload/shared/history.js';
import type { LogEntry } from './logEntry.js';

/**
 * A log's href as the lasting history keeps it: its host and its path from communication on. The path before
 * names the application, which is new at each sign-in, while the log is the same.
 */
export function lastingHrefOf(url: URL): string {
  const at = url.pathname.indexOf('/communication/');
  return `${url.host}${at < 0 ? url.pathname : url.pathname.slice(at)}`;
}

/** A lasting href back in the application whose conversationLogs are at `logs`: its path from communication on after the application's own. */
export function hrefOfLasting(lastingHref: string, logs: URL): string | undefined {
  const at = logs.pathname.indexOf('/communication/');
  const slash = lastingHref.indexOf('/');
  if (at < 0 || slash < 0) return undefined;
  const path = lastingHref.slice(slash);
  return `${logs.protocol}//${lastingHref.slice(0, slash)}${path.startsWith('/communication/') ? logs.pathname.slice(0, at) : ''}${path}`;
}

export function historyOfLog(href: string, log: LogEntry): HistoryEntry {
  const durationMs = (log.durationSeconds ?? 0) * 1000;
  return {
    id: randomUUID(),
    source: 'server',
    serverHref: href,
    kind: kindOf(log.kind),
    direction: log.direction === 'outgoing' ? 'Outgoing' : 'Incoming',
    outcome: log.status === 'missed' ? 'missed' : 'answered',
    name: log.kind === 'meeting' && log.subject ? log.subject : log.name,
    ...(log.address !== undefined && { address: log.address }),
    startedAt: log.at,
    ...(durationMs > 0 && { connectedAt: log.at }),
    endedAt: log.at + durationMs,
    durationMs,
    ...(log.preview !== undefined && { preview: log.preview }),
  };
}

/** Desktop sharing has no kind of its own in the history: calling back from it is an audio call. */
function kindOf(kind: LogEntry['kind']): HistoryKind {
  return kind === 'sharing' ? 'audio' : kind;
}

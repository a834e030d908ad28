// The lasting history of calls, meetings and conversations, as the core keeps it and the windows show it. Types
// and pure helpers only.
import type { CallBack, CallSnapshot } from './snapshots.js';

export type HistoryKind = 'audio' | 'video' | 'phone' | 'messaging' | 'meeting';

/**
 * answered: it connected (a meeting joined, a conversation accepted); missed: it rang here and nobody
 * answered; answeredElsewhere: another of the person's devices took it; cancelled: given up here before it
 * connected; declined: refused, by either side; failed: it could not be set up.
 */
export type HistoryOutcome = 'answered' | 'missed' | 'answeredElsewhere' | 'cancelled' | 'declined' | 'failed';

export type HistoryEntry = {
  /** Stable across restarts; the call's id (CallSnapshot.id) for one this app saw. */
  id: string;
  /** local: this app saw it; server: read from the server's conversation logs. */
  source: 'local' | 'server';
  /** The server's conversationLog, when known: an entry read from it again is the same entry. */
  serverHref?: string;
  kind: HistoryKind;
  direction: 'Incoming' | 'Outgoing';
  outcome: HistoryOutcome;
  /** The other person's name (or their address when no name was given), or the meeting's subject. */
  name: string;
  /** Their sip: or tel: URI, or the meeting's; none when withheld. */
  address?: string;
  startedAt: number;
  connectedAt?: number;
  endedAt: number;
  /** From connected to ended; 0 when it never connected. */
  durationMs: number;
  /** How it ended, as a sentence. */
  ending?: string;
  /** The reason's code and subcode (as "Gone/Timeout") of a call this app saw end with one: for the log and diagnostics. */
  endCode?: string;
  /** A conversation's last message, shortened; only where the administrator lets message text be kept. */
  preview?: string;
};

/** What the snapshot carries of the history: the newest entries and why it is not being kept, if it is not. */
export type HistorySnapshot = { recent: HistoryEntry[]; problem?: string };

/** At most this many entries in the snapshot, newest first. */
export const HISTORY_RECENT_SHOWN = 25;
/** At most this many entries in the reply to a search. */
export const HISTORY_SEARCH_LIMIT = 100;
/** A longer search is refused by the command schema. */
export const MAX_HISTORY_QUERY_LENGTH = 250;
/** A message preview is cut to this many characters. */
export const HISTORY_PREVIEW_LENGTH = 120;

/** Calling (or messaging) the other person of an entry again: a person's sip: or tel: address; none for meetings. */
export function callBackOfEntry(entry: HistoryEntry): CallBack | undefined {
  if (entry.kind === 'meeting' || entry.address === undefined || !/^(sip|tel):/i.test(entry.address)) return undefined;
  return { address: entry.address, video: entry.kind === 'video' };
}

/** How an ended call is told in the history and the log. */
export function outcomeOfCall(call: CallSnapshot): HistoryOutcome {
  const ended = call.end?.outcome;
  if (ended === 'answeredElsewhere' || ended === 'missed' || ended === 'declined' || ended === 'failed' || ended === 'cancelled') return ended;
  if (call.connectedAt !== undefined) return 'answered';
  // Hung up before it connected: by the caller of a call that rang here, by either side of one placed here.
  if (ended === 'remoteHungUp') return call.direction === 'Incoming' ? 'missed' : 'declined';
  return 'cancelled';
}

// The server's conversation history as the windows see it (UCWA conversationLogs, read by the core's
// main/conversationLogs/): the newest entries only, and the missed items' counts behind the badges.

/** One past call, IM conversation or meeting from the server's log, newest first in the snapshot. */
export type ServerHistoryEntry = {
  /** The core's name for the entry (never the server's address); commands name it. */
  id: string;
  source: 'server';
  kind: 'audio' | 'video' | 'messaging' | 'meeting' | 'sharing';
  status: 'missed' | 'archived';
  direction: 'incoming' | 'outgoing';
  /** When it began, ms since the epoch. */
  at: number;
  /** How long it was connected, where the server says. */
  durationSeconds?: number;
  /** The other person: their name, and their SIP or tel: address where the server gives a usable one. */
  name: string;
  address?: string;
  subject?: string;
  /** The start of its messages (previewMessage). */
  preview?: string;
  /** A missed entry the person has not seen yet. */
  unread: boolean;
  /** Which continue links it offers: call back (audio), with video, message back. */
  canContinue: { audio: boolean; video: boolean; message: boolean };
};

/** The badge: missed calls not seen yet, and unread voicemails (from missedItems where the server offers it). */
export type MissedSnapshot = { calls: number; voicemails: number };

/** The most server entries a snapshot carries. */
export const SERVER_HISTORY_SHOWN = 20;

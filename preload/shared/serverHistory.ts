// The server's missed items as the windows see them (UCWA missedItems, read by the core's main/conversationLogs/):
// the counts behind the badges. The server's logs themselves come to the windows as entries of the history.

/** The badge: missed calls not seen yet, and unread voicemails (from missedItems where the server offers it). */
export type MissedSnapshot = { calls: number; voicemails: number };

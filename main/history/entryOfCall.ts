// What the history keeps of a call, meeting or IM conversation once it ended (the call's last snapshot).
import type { CallSnapshot } from '../../preload/shared/contract.js';
import { HISTORY_PREVIEW_LENGTH, outcomeOfCall, type HistoryEntry, type HistoryKind } from '../../preload/shared/history.js';

/** The entry for an ended call; none for an invitation to add someone to a call, which is part of that call. */
export function entryOfCall(call: CallSnapshot, keepMessageContent: boolean): HistoryEntry | undefined {
  if (call.kind === 'participant') return undefined;
  const endedAt = call.end?.endedAt ?? call.startedAt;
  const kind = kindOf(call);
  const address = addressOf(call, kind);
  const preview = keepMessageContent && kind === 'messaging' ? previewOf(call) : undefined;
  const endCode = [call.end?.code, call.end?.subcode].filter(Boolean).join('/');
  return {
    // The call's id is unique too (a UUID): the log's lines and the missed-call notification name the call by it.
    id: call.id,
    source: 'local',
    kind,
    direction: call.direction,
    outcome: outcomeOfCall(call),
    name: nameOf(call, kind, address),
    ...(address !== undefined && { address }),
    startedAt: call.startedAt,
    ...(call.connectedAt !== undefined && { connectedAt: call.connectedAt }),
    endedAt,
    durationMs: call.connectedAt !== undefined ? Math.max(0, endedAt - call.connectedAt) : 0,
    ...(call.end && { ending: call.end.message }),
    ...(endCode && { endCode }),
    ...(preview && { preview }),
  };
}

function kindOf(call: CallSnapshot): HistoryKind {
  if (call.kind === 'messaging') return 'messaging';
  if (call.kind === 'onlineMeeting') return 'meeting';
  if (call.kind === 'phoneAudio') return 'phone';
  return call.callBack?.video ? 'video' : 'audio';
}

function addressOf(call: CallSnapshot, kind: HistoryKind): string | undefined {
  if (kind === 'meeting') return call.meetingUri ?? call.to;
  if (call.callBack) return call.callBack.address;
  return call.direction === 'Incoming' ? call.caller.uri || undefined : call.to;
}

function nameOf(call: CallSnapshot, kind: HistoryKind, address: string | undefined): string {
  // A meeting joined from here is named by its subject; an invitation to one that rang here, as Recent always named it, by who invited.
  if (kind === 'meeting' && call.direction === 'Outgoing') return call.subject || 'Meeting';
  const name = call.direction === 'Incoming' ? call.caller.name : call.context?.to;
  return name || (address ?? '').replace(/^(?:sip|tel):/i, '') || 'Someone';
}

/** The conversation's last message as plain text (an HTML one without its tags), shortened (never inside a character). */
function previewOf(call: CallSnapshot): string | undefined {
  const last = call.messages?.at(-1) ?? call.firstMessage;
  if (!last) return undefined;
  const text = (last.format === 'html' ? last.text.replace(/<[^>]*>/g, ' ') : last.text).replace(/\s+/g, ' ').trim();
  const characters = Array.from(text);
  return characters.length > HISTORY_PREVIEW_LENGTH ? `${characters.slice(0, HISTORY_PREVIEW_LENGTH - 1).join('')}…` : text || undefined;
}

// Where the person's calls go (call forwarding, simultaneous ring, unanswered calls) as the windows see it
// and their voicemail: the snapshot's small form, without zod (the choices a window may send are in contract.ts).
/** The longest ring delays the server takes: before the other phone rings too (0–55 s), before an unanswered call goes on (5–60 s). */
export const MAX_SIMULTANEOUS_DELAY_S = 55;
export const UNANSWERED_DELAY_RANGE_S = [5, 60] as const;

/** Someone calls are forwarded to, as the server names them. */
export type ForwardingContact = { uri: string; name: string };

export type ForwardingSnapshot = {
  /** One sentence for the header: "Calls forward to +1 425 555 0123". */
  sentence: string;
  /** Off, forwarded immediately (the person's phone does not ring), or simultaneous ring. */
  mode: 'off' | 'forward' | 'simultaneous';
  /** Where forwarded or simultaneous calls go. */
  to?: 'contact' | 'delegates' | 'team' | 'voicemail';
  target?: ForwardingContact;
  /** Seconds before the other phone rings too (simultaneous ring). */
  simultaneousDelaySeconds: number;
  /** Where a call nobody answers goes, and after how many seconds. */
  unanswered: { to: 'none' | 'voicemail' | 'contact'; target?: ForwardingContact; delaySeconds: number };
  /** The rules hold only in work hours. */
  workHoursOnly: boolean;
  /** Whether the person may change it here: the administrator did not lock it. */
  canChange: boolean;
};

/** A tel: URI as people read it: +1 425 555 0123 for North American numbers, else + and the digits. */
export function readableNumber(uri: string): string {
  const digits = uri.replace(/^tel:\+?/, '');
  const nanp = /^1(\d{3})(\d{3})(\d{4})$/.exec(digits);
  return nanp ? `+1 ${nanp[1]} ${nanp[2]} ${nanp[3]}` : `+${digits}`;
}

/** Whom a contact is to people: a number as they read it, else the name. */
export function contactLabel(contact: ForwardingContact): string {
  return contact.uri.startsWith('tel:') ? readableNumber(contact.uri) : contact.name;
}

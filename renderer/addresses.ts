// How SIP addresses and phone numbers read to a person: without the `sip:` or `tel:` scheme, and a conference address as its
// organiser and meeting id; and whom a call is with.
import type { CallSnapshot } from '../preload/shared/contract.js';

const CONFERENCE = /;gruu;opaque=app:conf:focus:id:/;

export function displayAddress(uri: string): string {
  return uri.replace(/^(?:sip|tel):/i, '').replace(CONFERENCE, ' · ');
}

/** Whom a call is with: the caller, or for a call placed here the callee's name, else the address called. */
export function otherParty(call: CallSnapshot): string {
  if (call.direction === 'Incoming') return call.caller.name;
  return call.context?.to ?? (call.to ? displayAddress(call.to) : 'Someone');
}

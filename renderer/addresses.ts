// How SIP addresses read to a person: without the `sip:` scheme, and a conference address as its
// organiser and meeting id.
const CONFERENCE = /;gruu;opaque=app:conf:focus:id:/;

export function displayAddress(uri: string): string {
  return uri.replace(/^sip:/i, '').replace(CONFERENCE, ' · ');
}

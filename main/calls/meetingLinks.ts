// Meeting links people paste: Skype for Business "Join Skype Meeting" URLs name the organiser and the
// conference id (https://meet.<domain>/<user>/<id>), which is the conference URI joinOnlineMeeting takes
// (sip:<user>@<domain>;gruu;opaque=app:conf:focus:id:<id>). `conf:` URIs carry it after the scheme.

import { isConferenceUri } from '../ucwa/conferenceUri.js';

export class MeetingLinkError extends Error {
  override name = 'MeetingLinkError';
}

export function meetingUriOf(input: string): string {
  const text = input.trim();
  if (isConferenceUri(text)) return text;
  if (/^conf:/i.test(text)) {
    // conf:sip:…%3Frequired-media=audio: the conference URI, percent-encoded, maybe with a query.
    let decoded: string;
    try {
      decoded = decodeURIComponent(text.slice(5));
    } catch {
      throw new MeetingLinkError('That conference address is malformed.');
    }
    const uri = decoded.split('?')[0] ?? '';
    if (!uri.startsWith('sip:')) throw new MeetingLinkError('That conference address is malformed.');
    return meetingUriOf(uri);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new MeetingLinkError('That is not a meeting link or address.');
  }
  const parts = url.pathname.split('/').filter(Boolean);
  // Online links (meet.lync.com/<tenant>/<user>/<id>) do not say the organiser's SIP domain.
  if (parts.length === 3) throw new MeetingLinkError('Use the conference address from the invitation to join an online meeting.');
  const [user, id] = parts;
  const domain = url.hostname.replace(/^(meet|dialin|lync)\./i, '');
  if (url.protocol !== 'https:' || parts.length !== 2 || !user || !id || !/^[A-Za-z0-9]+$/.test(id) || !/^[\w.-]+$/.test(user) || !domain.includes('.')) {
    throw new MeetingLinkError('That link does not look like a Skype for Business meeting link.');
  }
  return `sip:${user}@${domain};gruu;opaque=app:conf:focus:id:${id}`;
}

import { describe, expect, it } from 'vitest';
import { MeetingLinkError, meetingUriOf } from '../../main/calls/meetingLinks.js';

const URI = 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:7T4LQJ2B';

describe('meeting links', () => {
  it('turns a Join Skype Meeting link into the conference URI, and keeps a conference URI as it is', () => {
    expect(meetingUriOf('https://meet.contoso.com/grace/7T4LQJ2B')).toBe(URI);
    expect(meetingUriOf(' https://meet.contoso.com/grace/7T4LQJ2B?sl=1 ')).toBe(URI);
    expect(meetingUriOf(URI)).toBe(URI);
    expect(meetingUriOf(`conf:${encodeURIComponent(URI)}`)).toBe(URI);
    expect(meetingUriOf(`conf:${URI}%3Frequired-media=audio`)).toBe(URI);
  });

  it('refuses what is not a meeting: other schemes, missing parts, hostile text', () => {
    for (const input of [
      'http://meet.contoso.com/grace/7T4LQJ2B',
      'https://meet.contoso.com/grace',
      'javascript:alert(1)',
      'https://meet.contoso.com/<script>/x',
      'hello',
      'conf:%E0%A4%A',
      'conf:javascript:alert(1)',
      'https://meet.lync.com/contoso/grace/7T4LQJ2B',
    ]) {
      expect(() => meetingUriOf(input)).toThrow(MeetingLinkError);
    }
  });
});

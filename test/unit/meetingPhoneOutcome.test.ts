// A meeting's phone (issue 18, join by phone) rung first and declined: the conversation's phoneAudio
// Disconnected and the invitation's completed Failure come in either order, and the person is told why.
import { describe, expect, it } from 'vitest';
import { MeetingPhone } from '../../main/calls/meetingPhone.js';

const WORK = 'tel:+14255550100';
const DECLINED = { code: 'Forbidden', subcode: 'Declined' };

describe('a meeting’s phone that did not join', () => {
  it('says the phone declined when the invitation’s Failure comes first', () => {
    const phone = new MeetingPhone(new URL('https://ucwa.example/invitation/1'), WORK);
    phone.completed('Failure', DECLINED);
    phone.end();
    expect(phone.snapshot()).toEqual({ phase: 'ended', number: WORK, problem: 'Your phone declined the meeting’s call.' });
  });

  it('says the phone declined when the phoneAudio’s Disconnected comes first', () => {
    const phone = new MeetingPhone(new URL('https://ucwa.example/invitation/1'), WORK);
    phone.end();
    phone.completed('Failure', { code: 'Timeout', subcode: 'Timeout' });
    expect(phone.snapshot()).toEqual({ phase: 'ended', number: WORK, problem: 'Your phone did not answer the meeting’s call.' });
  });

  it('keeps the phone ended without a problem where a Success comes after the Disconnected', () => {
    const phone = new MeetingPhone(new URL('https://ucwa.example/invitation/1'), WORK);
    phone.end();
    phone.completed('Success', undefined);
    expect(phone.snapshot()).toEqual({ phase: 'ended', number: WORK });
  });
});

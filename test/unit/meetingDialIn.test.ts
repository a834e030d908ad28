// A meeting's dial-in numbers as the core reads them from phoneDialInInformation (issue 18, review item 5):
// the server's own numbers (each dialInRegion's) beside the Audio Conference Provider's, empty strings as
// absent and long lists cut, and never the rest of the meeting's facts lost over them.
import { describe, expect, it } from 'vitest';
import type { MeetingOptions } from '../../main/local/outgoing.js';
import { eventually, signInPerTest } from '../support/localServer.js';

const MEETING = 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:D1AL1N42';
const signIn = signInPerTest();

/** Joins a meeting made with these dial-in numbers and waits for the facts the info panel shows. */
async function meetingInfoWith(dialIn: MeetingOptions['dialIn']) {
  const { service, calls } = await signIn();
  service.createMeeting(MEETING, { subject: 'Dial-in', ...(dialIn !== undefined && { dialIn }) });
  const callId = await calls.joinMeeting(MEETING);
  return eventually('the meeting info', () => calls.snapshot().calls.find((call) => call.id === callId)?.meetingInfo);
}

describe('dial-in numbers', () => {
  it('reads the server’s own numbers from dialInRegion, beside the conference provider’s', async () => {
    const info = await meetingInfoWith({
      tollNumber: 'tel:+14255550199',
      tollFreeNumbers: ['tel:+18005550199'],
      regions: [
        { name: 'Redmond', number: 'tel:+14255550150' },
        { name: 'London', number: 'tel:+442079460150' },
      ],
    });
    expect(info.dialIn?.regions).toEqual([
      { name: 'Redmond', number: 'tel:+14255550150' },
      { name: 'London', number: 'tel:+442079460150' },
    ]);
    expect(info.dialIn?.tollNumber).toBe('tel:+14255550199');
  });

  it('takes empty numbers as absent and cuts a long toll-free list, keeping the meeting’s other facts', async () => {
    const tollFree = Array.from({ length: 25 }, (_, index) => `tel:+1800555${String(index).padStart(4, '0')}`);
    const info = await meetingInfoWith({ tollNumber: '', tollFreeNumbers: ['', ...tollFree], regions: [{ name: 'Redmond', number: '' }] });
    expect(info.joinUrl).toBe('https://meet.contoso.com/grace/D1AL1N42');
    expect(info.dialIn?.tollNumber).toBeUndefined();
    expect(info.dialIn?.tollFreeNumbers).toEqual(tollFree.slice(0, 10));
    expect(info.dialIn?.regions).toEqual([]);
  });
});

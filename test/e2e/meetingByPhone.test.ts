// Joining a meeting from the person's own phone, in the page (issue 18, join by dial-in): the preference in
// Settings → Meetings puts Join with my phone first; the meeting calls the phone (addPhoneAudio on the
// local service), the page says the person is in by phone, and leaving hangs the phone up.
import { describe, expect, it } from 'vitest';
import { waitFor } from '../harness/browser.js';
import { useAppSession } from '../harness/session.js';

const MEETING = 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:PH0NE7E2';
const WORK = 'tel:+14255550100';

describe('joining a meeting by phone (issue 18, join options)', () => {
  const session = useAppSession({ local: { phones: [{ type: 'Work', number: WORK }] } });

  it('offers Join with my phone first where preferred, says the phone is in the meeting, hangs it up on request and on leaving', async () => {
    const { page } = session.app;
    const meeting = session.harness.core.localService!.createMeeting(MEETING, { subject: 'Weekly sync' });
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Join with my phone').check();
    await waitFor('the setting to be kept', () => session.harness.core.snapshot().settings.joinByPhone);
    await page.getByRole('button', { name: 'Done' }).click();

    await page.getByLabel('Join a meeting').fill(MEETING);
    await page.getByRole('button', { name: 'Join' }).click();
    const view = page.getByRole('region', { name: 'Weekly sync' });
    await view.getByRole('status').getByText('You are in the meeting.').waitFor();
    const joinButtons = view.getByRole('button', { name: /Join with my phone|Add audio/ });
    expect(await joinButtons.first().textContent()).toContain('Join with my phone');

    await view.getByRole('button', { name: 'Join with my phone' }).click();
    await view.getByRole('status').getByText('In the meeting by phone (+14255550100).').waitFor();
    expect(meeting.phone.calls).toEqual([{ phoneNumber: WORK, state: 'Connected' }]);
    expect(await view.getByRole('button', { name: /Add audio/ }).count()).toBe(0);

    // Hung up, the person stays in the meeting and can have it call the phone again.
    await view.getByRole('button', { name: 'Hang up my phone' }).click();
    await view.getByRole('button', { name: 'Join with my phone' }).waitFor();
    expect(meeting.phone.calls).toEqual([{ phoneNumber: WORK, state: 'Failed' }]);
    expect(await view.getByRole('alert').count()).toBe(0);
    await view.getByRole('button', { name: 'Join with my phone' }).click();
    await view.getByRole('status').getByText('In the meeting by phone (+14255550100).').waitFor();

    await view.getByRole('button', { name: 'Leave' }).click();
    await page.getByRole('list', { name: 'Recent calls' }).getByText('You left the meeting.').waitFor();
    expect(meeting.phone.calls).toEqual([
      { phoneNumber: WORK, state: 'Failed' },
      { phoneNumber: WORK, state: 'Failed' },
    ]);
  });
});

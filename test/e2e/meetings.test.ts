import { describe, expect, it } from 'vitest';
import { ARTIFACTS, useAppSession } from '../harness/session.js';

const MEETING = 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:7T4LQJ2B';
const LINK = 'https://meet.contoso.com/grace/7T4LQJ2B';
const ADA = { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' };

describe('meetings', () => {
  const session = useAppSession();
  const service = () => session.harness.softphone.localService!;

  it('joins from a meeting link, waits in the lobby, is let in, adds someone and leaves', async () => {
    const { page } = session.app;
    const meeting = service().createMeeting(MEETING, { lobby: true, subject: 'Design review' });
    service().addPerson(ADA, 'accept');

    await page.getByLabel('Join a meeting').fill(LINK);
    await page.getByRole('button', { name: 'Join' }).click();
    await page.getByRole('status').getByText('Waiting in the lobby').waitFor();
    expect(meeting.waiting).toBe(1);
    await page.screenshot({ path: new URL('meeting-lobby.png', ARTIFACTS).pathname });

    meeting.admitAll();
    await page.getByRole('status').getByText('You are in the meeting.').waitFor();
    await page.getByLabel('Add someone').fill('ada@contoso.com');
    await page.getByRole('button', { name: 'Invite' }).click();
    await page.getByText('ada@contoso.com joined.').waitFor();
    await page.screenshot({ path: new URL('meeting-joined.png', ARTIFACTS).pathname });

    await page.getByRole('button', { name: 'Leave' }).click();
    await page.getByRole('list', { name: 'Recent calls' }).getByText('You left the meeting.').waitFor();
    expect(session.app.cspViolations).toEqual([]);
  });

  it('is told why when the organiser does not let them in', async () => {
    const { page } = session.app;
    const meeting = service().createMeeting(MEETING, { lobby: true });
    await page.getByLabel('Join a meeting').fill(MEETING);
    await page.getByRole('button', { name: 'Join' }).click();
    await page.getByRole('status').getByText('Waiting in the lobby').waitFor();
    meeting.denyAll();
    await page.getByRole('list', { name: 'Recent calls' }).getByText('The organiser did not let you into the meeting.').waitFor();
  });

  it('a link that is not a meeting gets a clear message and nothing else happens', async () => {
    const { page } = session.app;
    await page.getByLabel('Join a meeting').fill('https://example.com/');
    await page.getByRole('button', { name: 'Join' }).click();
    await page.getByRole('alert').getByText('does not look like a Skype for Business meeting link').waitFor();
    expect(session.harness.softphone.snapshot().calls).toEqual([]);
  });
});

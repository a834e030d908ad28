// Meet now in Chromium against the local service: a meeting the person starts from Home and organises
// (startOnlineMeeting), its join link copied from the meeting's info panel with its dial-in numbers
// (phoneDialInInformation), and someone found in the directory invited into it (addParticipant), who joins
// on the service; a meeting without dial-in numbers says so.
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, useAppSession } from '../harness/session.js';

const ADA = { name: 'Ada Lovelace', uri: 'sip:answers@softphone.local' };
const NO_DIAL_IN = 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:8R3TNV6K';

describe('Meet now', () => {
  const session = useAppSession();
  const service = () => session.harness.core.localService!;

  it('starts a meeting from Home, copies its join link and invites someone found by name', async () => {
    const { page } = session.app;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    service().addPerson(ADA, 'accept');

    await page.getByRole('button', { name: 'Meet now' }).click();
    await page.getByRole('status').getByText('You are in the meeting.').waitFor();
    const [meeting] = service().meetingsStarted();
    expect(meeting?.uri).toMatch(/^sip:you@softphone\.local;gruu;opaque=app:conf:focus:id:[A-Z0-9]{8}$/);
    const info = page.getByRole('region', { name: 'Meeting info' });
    await info.getByText('You', { exact: true }).waitFor();
    await info.getByText(meeting!.joinUrl!).waitFor();
    await info.getByText(meeting!.conferenceId).waitFor();
    // Its phoneDialInInformation: the service's made-up numbers.
    await info.getByText('+1 425 555 0150 (Redmond)').waitFor();
    await info.getByText('+1 800 555 0150').waitFor();

    await info.getByRole('button', { name: 'Copy link' }).click();
    await info.getByRole('status').getByText('Link copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(meeting!.joinUrl);
    expect(meeting!.joinUrl).toMatch(/^https:\/\/meet\.softphone\.local\/you\/[A-Z0-9]{8}$/);
    await page.screenshot({ path: new URL('meeting-info.png', ARTIFACTS).pathname });

    await page.getByLabel('Add someone').fill('Ada');
    await page.getByRole('button', { name: 'Invite Ada Lovelace' }).click();
    await page.getByText('answers@softphone.local joined.').waitFor();
    expect(session.app.cspViolations).toEqual([]);
  });

  it('the info panel of a meeting without dial-in numbers says so', async () => {
    const { page } = session.app;
    const meeting = service().createMeeting(NO_DIAL_IN, { subject: 'Team lunch', dialIn: false });
    await page.getByLabel('Join a meeting').fill(NO_DIAL_IN);
    await page.getByRole('button', { name: 'Join' }).click();
    const info = page.getByRole('region', { name: 'Meeting info' });
    await info.getByText('This meeting has no dial-in numbers.').waitFor();
    await info.getByText(meeting.conferenceId).waitFor();
    await info.getByText('grace@contoso.com').waitFor();
  });
});

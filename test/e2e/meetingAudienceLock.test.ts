// The audience mute lock as an attendee sees it, in the page (issue 18, mute from the server): the
// organiser locking the audience mutes this person (enableAudienceMuteLock_ref: "mute attendees and
// prevent them from unmuting themselves"), and the call view's Unmute is disabled with a sentence saying
// why until the organiser lets the audience unmute again.
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../harness/accessibility.js';
import { localAudioEnabled, waitFor } from '../harness/browser.js';
import { useAppSession } from '../harness/session.js';

const MEETING = 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:L0CK3D42';
const ADA = { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' };

describe('the audience mute lock, as an attendee', () => {
  const session = useAppSession();

  it('disables Unmute with a sentence while the organiser keeps the audience muted, and allows it once they stop', async () => {
    const { page } = session.app;
    const meeting = session.harness.core.localService!.createMeeting(MEETING, { subject: 'All hands' });
    meeting.roster.arrive(ADA, { leader: true });
    await page.getByLabel('Join a meeting').fill(MEETING);
    await page.getByRole('button', { name: 'Join' }).click();
    await page.getByRole('button', { name: 'Add audio only' }).click();
    const call = page.getByRole('region', { name: 'Meeting All hands' });
    await call.getByRole('button', { name: 'Mute', exact: true }).waitFor();
    await waitFor('the microphone at the meeting', () => (meeting.media?.received.audio ?? 0) > 25);

    meeting.roster.lockAudience(true);
    const unmute = call.getByRole('button', { name: 'Unmute', exact: true });
    await unmute.waitFor();
    await waitFor('Unmute disabled', () => unmute.isDisabled());
    await call.getByText('The organiser has muted the audience: you can unmute once they allow it.').waitFor();
    expect(await localAudioEnabled(page)).toBe(false);
    expect(await seriousViolations(page)).toEqual([]);

    meeting.roster.lockAudience(false);
    await waitFor('Unmute enabled', () => unmute.isEnabled());
    await unmute.click();
    await call.getByRole('button', { name: 'Mute', exact: true }).waitFor();
    expect(await localAudioEnabled(page)).toBe(true);
  });
});

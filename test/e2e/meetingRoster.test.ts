// The meeting's roster in the page (issue 18): as an attendee, the roster grows and shrinks with no
// controls; as the organiser, the lobby prompt admits one and rejects one, a participant is muted, the
// audience muted, one removed, and the service records each; the meeting muting this person shows in
// the call view and keeps the microphone muted until they unmute. Roster and lobby prompt are looked at
// and checked by axe in both themes.
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../harness/accessibility.js';
import { localAudioEnabled, waitFor } from '../harness/browser.js';
import { ARTIFACTS, useAppSession } from '../harness/session.js';

const MEETING = 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:7T4LQJ2B';
const ADA = { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' };
const ALAN = { name: 'Alan Turing', uri: 'sip:alan@contoso.com' };
const KATHERINE = { name: 'Katherine Johnson', uri: 'sip:katherine@contoso.com' };
const DOROTHY = { name: 'Dorothy Vaughan', uri: 'sip:dorothy@contoso.com' };
const MARY = { name: 'Mary Jackson', uri: 'sip:mary@contoso.com' };

describe('the meeting roster as an attendee', () => {
  const session = useAppSession();
  const service = () => session.harness.core.localService!;

  it('grows and shrinks as people join and leave, the speaker first, with no organiser controls', async () => {
    const { page } = session.app;
    const meeting = service().createMeeting(MEETING, { subject: 'Design review' });
    meeting.roster.arrive(ADA, { leader: true });
    meeting.roster.arrive(KATHERINE);
    await page.getByLabel('Join a meeting').fill(MEETING);
    await page.getByRole('button', { name: 'Join' }).click();
    const people = page.getByRole('list', { name: 'People in the meeting' });
    await page.getByRole('heading', { name: 'People (2)' }).waitFor();
    await page.getByText('Meeting · 2 people').waitFor();

    meeting.roster.arrive(ALAN);
    await page.getByRole('heading', { name: 'People (3)' }).waitFor();
    meeting.roster.speak(ALAN.uri, true);
    await people.getByRole('listitem').first().getByText('Alan Turing').waitFor();
    await people.getByText('Speaking').waitFor();
    meeting.roster.leave(KATHERINE.uri);
    await page.getByRole('heading', { name: 'People (2)' }).waitFor();
    expect(await people.getByRole('listitem').allInnerTexts()).toEqual([expect.stringContaining('Alan Turing'), expect.stringContaining('Ada Lovelace')]);
    expect(await page.getByRole('button', { name: /^(Mute|Remove|Make presenter) / }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Mute everyone' }).count()).toBe(0);
  });

  it('when the organiser mutes this person, the call view says so and the microphone stays muted until they unmute', async () => {
    const { page } = session.app;
    const meeting = service().createMeeting(MEETING, { subject: 'Weekly sync' });
    meeting.roster.arrive(ADA, { leader: true });
    await page.getByLabel('Join a meeting').fill(MEETING);
    await page.getByRole('button', { name: 'Join' }).click();
    await page.getByRole('button', { name: 'Add audio only' }).click();
    const call = page.getByRole('region', { name: 'Meeting Weekly sync' });
    await call.getByRole('button', { name: 'Mute', exact: true }).waitFor();
    await waitFor('the microphone at the meeting', () => (meeting.media?.received.audio ?? 0) > 25);

    meeting.roster.muteYou();
    await page.getByRole('alert').getByText('The organiser muted you.').waitFor();
    await call.getByRole('button', { name: 'Unmute', exact: true }).waitFor();
    expect(await localAudioEnabled(page)).toBe(false);
    // Unmuting here asks the meeting first; the microphone comes back once the meeting says so.
    await call.getByRole('button', { name: 'Unmute', exact: true }).click();
    await page.getByRole('alert').getByText('The organiser muted you.').waitFor({ state: 'detached' });
    await call.getByRole('button', { name: 'Mute', exact: true }).waitFor();
    expect(await localAudioEnabled(page)).toBe(true);
  });
});

for (const theme of ['light', 'dark'] as const) {
  describe(`the meeting roster as the organiser (${theme})`, () => {
    const session = useAppSession({ colorScheme: theme });
    const service = () => session.harness.core.localService!;

    it('admits one and rejects one from the lobby prompt, mutes one, mutes the audience and removes one; the service records each', async () => {
      const { page } = session.app;
      const meeting = service().createMeeting(MEETING, { subject: 'Design review', organizer: true });
      meeting.roster.arrive(ADA, { leader: true });
      meeting.roster.arrive(KATHERINE, { video: true });
      meeting.roster.arrive(DOROTHY);
      await page.getByLabel('Join a meeting').fill(MEETING);
      await page.getByRole('button', { name: 'Join' }).click();
      await page.getByRole('heading', { name: 'People (3)' }).waitFor();
      meeting.roster.speak(KATHERINE.uri, true);
      await page.getByText('Speaking').waitFor();
      await page.getByRole('region', { name: 'People (3)' }).screenshot({ path: new URL(`meeting-roster-${theme}.png`, ARTIFACTS).pathname });
      expect(await seriousViolations(page)).toEqual([]);

      meeting.roster.arrive(ALAN, { lobby: true });
      meeting.roster.arrive(MARY, { lobby: true });
      const prompt = page.getByRole('region', { name: '2 people are waiting in the lobby.' });
      await prompt.waitFor();
      await page.getByRole('region', { name: 'People (3)' }).screenshot({ path: new URL(`meeting-lobby-prompt-${theme}.png`, ARTIFACTS).pathname });
      expect(await seriousViolations(page)).toEqual([]);
      await prompt.getByRole('button', { name: 'Admit Alan Turing' }).click();
      await page.getByRole('heading', { name: 'People (4)' }).waitFor();
      await page.getByRole('button', { name: 'Reject Mary Jackson' }).click();
      await page.getByRole('status').getByText('is waiting in the lobby').waitFor({ state: 'detached' });

      await page.getByRole('button', { name: 'Mute Dorothy Vaughan' }).click();
      await page.getByRole('button', { name: 'Mute Dorothy Vaughan' }).waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Mute everyone' }).click();
      await page.getByRole('button', { name: 'Let everyone unmute' }).waitFor();
      await page.getByRole('button', { name: 'Remove Alan Turing' }).click();
      await page.getByRole('heading', { name: 'People (3)' }).waitFor();
      expect(meeting.roster.actions).toEqual([
        { action: 'admit', uri: ALAN.uri },
        { action: 'reject', uri: MARY.uri },
        { action: 'muteAudio', uri: DOROTHY.uri },
        { action: 'enableAudienceMuteLock' },
        { action: 'eject', uri: ALAN.uri },
      ]);
      expect(meeting.roster.people.map((p) => p.person.name)).toEqual(['Ada Lovelace', 'Katherine Johnson', 'Dorothy Vaughan']);
      expect(session.app.cspViolations).toEqual([]);
    });
  });
}

// A meeting's chat in Chromium against the local service: the core adds messaging to the meeting once the
// person is in (addMessaging), messages go both ways, and each of the others' messages says who wrote it.
import { describe, expect, it } from 'vitest';
import { waitFor } from '../harness/browser.js';
import { ARTIFACTS, useAppSession } from '../harness/session.js';

const MEETING = 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:4C8HQW2M';

describe('meeting chat', () => {
  // Katherine types for 2 s before she answers, so the page has time to show it on a busy machine.
  const session = useAppSession({ local: { calleeAnswerMs: 2000 } });
  const service = () => session.harness.core.localService!;

  it('chats both ways in a meeting, with the sender’s name, beside the meeting’s video too', async () => {
    const { page } = session.app;
    const meeting = service().createMeeting(MEETING, { subject: 'Design review' });
    await page.getByLabel('Join a meeting').fill(MEETING);
    await page.getByRole('button', { name: 'Join' }).click();
    const chat = page.getByRole('region', { name: 'Meeting chat' });
    await chat.getByText('No messages yet').waitFor();
    expect(meeting.chat.open).toBe(true);

    meeting.chat.say('Welcome, everyone');
    const messages = chat.getByRole('log', { name: 'Meeting messages' });
    await messages.getByText('Welcome, everyone').waitFor();
    await messages.getByText('Katherine Johnson').waitFor();

    await chat.getByLabel('Reply').fill('Glad to be here');
    await chat.getByLabel('Reply').press('Enter');
    await messages.getByText('Glad to be here').waitFor();
    expect(meeting.chat.fromUser).toEqual([{ format: 'plain', text: 'Glad to be here' }]);
    await messages.getByText('You said: Glad to be here').waitFor();
    expect(await messages.getByText('Katherine Johnson').count()).toBe(2);
    await page.screenshot({ path: new URL('meeting-chat.png', ARTIFACTS).pathname });

    // With the meeting's audio and video on, the chat stays beside the video.
    await page.getByRole('button', { name: 'Add audio only' }).click();
    await waitFor('the microphone at the meeting', () => (meeting.media?.received.audio ?? 0) > 25);
    const beside = page.getByRole('region', { name: 'Meeting chat' });
    await beside.getByText('You said: Glad to be here').waitFor();
    await page.getByRole('region', { name: 'Meeting Design review' }).getByRole('button', { name: 'Leave' }).click();
    await page.getByRole('list', { name: 'Recent calls' }).getByText('You left the meeting.').waitFor();
    expect(meeting.chat.open).toBe(false);
    expect(session.app.cspViolations).toEqual([]);
  });
});

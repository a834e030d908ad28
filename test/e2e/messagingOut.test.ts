// IM conversations started from Home in Chromium, with the local service's chat callee (Grace Hopper),
// who accepts, shows she types and answers each message, in both the plain and the ms:rtc:saas: rels.
import { describe, expect, it } from 'vitest';
import type { Flavour } from '../../main/local/service.js';
import { waitFor } from '../harness/browser.js';
import { useAppSession } from '../harness/session.js';

const CHAT = 'sip:chat@softphone.local';

describe.each<Flavour>(['ucwa', 'saas'])('messaging out from Home (%s rels)', (flavour) => {
  // Grace types for 3 s before she answers, so the page has time to show it on a busy machine.
  const session = useAppSession({ local: { messagingFlavour: flavour, calleeAnswerMs: 3000 } });
  const service = () => session.harness.core.localService!;

  it('starts a conversation with the first message, sees the reply and the other side typing, tells its own typing, and ends it', async () => {
    const { page } = session.app;
    await page.getByLabel('Call someone').fill('chat@softphone.local');
    await page.getByRole('button', { name: 'Message', exact: true }).click();
    await page.getByRole('status').getByText('Write your first message to start the conversation.').waitFor();
    await page.getByLabel('Reply').fill('Hello Grace');
    await page.getByLabel('Reply').press('Enter');

    const conversation = page.getByRole('region', { name: 'Conversation with Grace Hopper' });
    const log = conversation.getByRole('log');
    await log.getByText('Hello Grace').waitFor();
    expect(service().messagesSentTo(CHAT)).toEqual(['Hello Grace']);

    const reply = conversation.getByLabel('Reply');
    await reply.pressSequentially('How are you?');
    const placed = service().conversationStartedWith(CHAT)!;
    await waitFor('the person’s typing told to Grace', () => placed.typingNotices > 0);
    await reply.press('Enter');
    await conversation.getByRole('status').getByText('Grace Hopper is typing…').waitFor();
    await log.getByText('You said: How are you?').waitFor();
    await conversation.getByText('Grace Hopper is typing…').waitFor({ state: 'detached' });
    expect(placed.messagesFromUser).toEqual([{ format: 'plain', text: 'How are you?' }]);

    await conversation.getByRole('button', { name: 'End', exact: true }).click();
    await page.getByRole('list', { name: 'Recent calls' }).getByText('You ended the conversation.').waitFor();
    expect(placed.state).toBe('Failed');
    expect(session.app.cspViolations).toEqual([]);
  });

  it('a declined conversation says so in Recent', async () => {
    const { page } = session.app;
    await page.getByLabel('Call someone').fill('declines@softphone.local');
    await page.getByRole('button', { name: 'Message', exact: true }).click();
    await page.getByLabel('Reply').fill('Lunch?');
    await page.getByLabel('Reply').press('Enter');
    await page.getByRole('list', { name: 'Recent calls' }).getByText('The other person declined the conversation.').waitFor();
    expect(service().messagesSentTo('sip:declines@softphone.local')).toEqual(['Lunch?']);
  });
});

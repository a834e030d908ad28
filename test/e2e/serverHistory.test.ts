// The server's conversation logs in Chromium (issue 17): a log only the server has (an IM conversation with
// Grace Hopper held on another device) is in Recent, and Message from it goes through the log's
// continueMessaging link; Grace accepts and answers.
import { describe, expect, it } from 'vitest';
import { useAppSession } from '../harness/session.js';
import { graceMessageLog } from '../support/loggedConversations.js';

describe('the server’s logs in Recent', () => {
  const session = useAppSession();
  const service = () => session.harness.core.localService!;

  it('Message from a log only the server has continues it, and Grace answers', async () => {
    const { page } = session.app;
    const logged = service().conversationLogs.add(graceMessageLog(10));
    const recent = page.getByRole('list', { name: 'Recent calls' });
    await recent.getByText('Lunch at noon?').waitFor();
    await recent.getByRole('button', { name: 'Message Grace Hopper' }).click();
    await page.getByLabel('Reply').fill('Still on for lunch?');
    await page.getByLabel('Reply').press('Enter');

    const conversation = page.getByRole('region', { name: 'Conversation with Grace Hopper' });
    await conversation.getByRole('log').getByText('Still on for lunch?').waitFor();
    expect(service().conversationLogs.continued()).toEqual([expect.objectContaining({ id: logged.id, link: 'continueMessaging' })]);
    await conversation.getByLabel('Reply').fill('Are you there?');
    await conversation.getByLabel('Reply').press('Enter');
    await conversation.getByRole('log').getByText('You said: Are you there?').waitFor();
  });
});

// The meeting's chat and info panels, light and dark: each looked at (screenshots in test/artifacts) and
// checked by axe, with messages from both sides, a sender's name, the join link and dial-in numbers shown.
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../harness/accessibility.js';
import { ARTIFACTS, useAppSession } from '../harness/session.js';

for (const theme of ['light', 'dark'] as const) {
  describe(`the meeting's chat and info panels (${theme} theme)`, () => {
    const session = useAppSession({ colorScheme: theme, local: { calleeAnswerMs: 200 } });

    it('are accessible, with messages both ways and the meeting’s facts', async () => {
      const { page } = session.app;
      await page.getByRole('button', { name: 'Meet now' }).click();
      const chat = page.getByRole('region', { name: 'Meeting chat' });
      await chat.getByLabel('Reply').fill('Agenda: the budget');
      await chat.getByLabel('Reply').press('Enter');
      await chat.getByText('You said: Agenda: the budget').waitFor();
      const info = page.getByRole('region', { name: 'Meeting info' });
      await info.getByText('Toll free').waitFor();

      await chat.screenshot({ path: new URL(`meeting-chat-${theme}.png`, ARTIFACTS).pathname });
      await info.screenshot({ path: new URL(`meeting-info-${theme}.png`, ARTIFACTS).pathname });
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
}

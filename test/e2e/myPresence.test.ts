// The person's own status in Chromium: the header's status menu (keyboard and mouse) sets it on the
// embedded service, which tells a watching colleague; the note and location are edited from the same menu;
// and what the server sets by itself, in a call, reaches the header through its event.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../harness/accessibility.js';
import { ARTIFACTS, useAppSession } from '../harness/session.js';
import { colleagueHears } from '../support/watchingColleague.js';

const statusButton = (page: Page) => page.getByRole('button', { name: /^Your status: / });
const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');

describe('my status from the header', () => {
  const session = useAppSession({ local: { phones: [{ type: 'Work', number: 'tel:+14255550100' }], calleeAnswerMs: 0 } });

  it('choosing Busy from the menu tells a watching colleague; a note is set; in a call the header says so from the server’s event', async () => {
    const { page } = session.app;
    const service = session.harness.core.localService!;
    await statusButton(page).getByText('Available').waitFor();

    // The keyboard: the menu opens on the chosen status, arrows move, Escape closes it and the focus returns.
    await statusButton(page).focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: 'Set your status' });
    await menu.waitFor();
    expect((await menu.getByRole('menuitemradio').allTextContents()).map((text) => text.trim())).toEqual([
      'Available',
      'Busy',
      'Do not disturb',
      'Be right back',
      'Away',
      'Off work',
    ]);
    expect(await focusedText(page)).toBe('Available');
    await page.keyboard.press('ArrowDown');
    expect(await focusedText(page)).toBe('Busy');
    await page.screenshot({ path: new URL('status-menu.png', ARTIFACTS).pathname });
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-haspopup'))).toBe('menu');

    const busy = colleagueHears(service, (published) => published.availability === 'Busy');
    await statusButton(page).click();
    await menu.getByRole('menuitemradio', { name: 'Busy' }).click();
    expect(await busy).toEqual({ availability: 'Busy' });
    await statusButton(page).getByText('Busy', { exact: true }).waitFor();

    await statusButton(page).click();
    await menu.getByRole('menuitem', { name: 'Note and location…' }).click();
    const editor = page.getByRole('form', { name: 'Note and location' });
    await editor.getByLabel('Note').fill('Heads down until noon');
    await editor.getByLabel('Location').fill('Building 4');
    const noted = colleagueHears(service, (published) => published.note?.message === 'Heads down until noon' && published.location === 'Building 4');
    await editor.getByRole('button', { name: 'Save' }).click();
    await noted;
    await page.locator('header').getByText('Heads down until noon').waitFor();

    // A call (via my phone, which keeps the header in sight): the server says Busy, in a call; afterwards Busy again.
    await page.getByLabel('Call someone').fill('answers@softphone.local');
    await page.getByRole('button', { name: 'Call via my phone' }).click();
    await statusButton(page).getByText('Busy, in a call').waitFor();
    expect(service.userPresence.published).toMatchObject({ availability: 'Busy', activity: 'InACall' });
    await page.getByRole('button', { name: 'End call' }).click();
    await statusButton(page).getByText('Busy', { exact: true }).waitFor();
    expect(session.app.cspViolations).toEqual([]);
  });
});

// The contact list and contact cards in Chromium, against the embedded local service: Home shows the
// contact list's groups (Favourites first, each collapsible from the keyboard), a person opens their card
// with their photo and note, a number on the card places a call, and a search result and a Recent entry open
// a card too; search results, the list and a card pass axe in the dark theme and are looked at there.
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../harness/accessibility.js';
import { waitFor } from '../harness/browser.js';
import { ARTIFACTS, useAppSession } from '../harness/session.js';

describe('contacts, end to end', () => {
  const session = useAppSession();
  const service = () => session.harness.core.localService!;

  it('shows the contact list with its groups, opens Ada’s card with her photo and note, and calls her number from it', async () => {
    const { page } = session.app;
    const contacts = page.getByRole('region', { name: 'Contacts' });
    await contacts.getByRole('button', { name: /^Favourites/ }).waitFor();
    expect(await contacts.getByRole('heading', { level: 3 }).allTextContents()).toEqual([
      expect.stringMatching(/Favourites\s*\(2\)/),
      expect.stringMatching(/Engineering\s*\(12\)/),
      expect.stringMatching(/Design\s*\(8\)/),
      expect.stringMatching(/Finance\s*\(8\)/),
      expect.stringMatching(/Other Contacts\s*\(5\)/),
    ]);
    // A group folds and unfolds from the keyboard.
    const design = contacts.getByRole('button', { name: /^Design/ });
    await design.focus();
    await page.keyboard.press('Enter');
    expect(await design.getAttribute('aria-expanded')).toBe('false');
    expect(await contacts.getByRole('list', { name: 'Design' }).count()).toBe(0);
    await page.keyboard.press('Space');
    await contacts.getByRole('list', { name: 'Design' }).waitFor();
    await contacts.getByRole('button', { name: /^Engineering/ }).click();
    await contacts.getByRole('button', { name: /^Design/ }).click();
    await contacts.getByRole('button', { name: /^Finance/ }).click();
    await contacts.scrollIntoViewIfNeeded();
    await page.screenshot({ path: new URL('contact-list.png', ARTIFACTS).pathname });

    await contacts.getByRole('button', { name: /^Contact card of Ada Lovelace/ }).click();
    const card = page.getByRole('dialog', { name: 'Ada Lovelace' });
    await card.getByText('Heads down on the Analytical Engine today').waitFor();
    expect(await card.textContent()).toContain('Analyst · Engineering');
    const photo = card.locator('img');
    expect(await photo.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await waitFor('the photo to be decoded', () => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 48));
    await page.screenshot({ path: new URL('contact-card.png', ARTIFACTS).pathname });
    expect(await seriousViolations(page)).toEqual([]);

    await card.getByRole('button', { name: 'Call Ada Lovelace at Work +14255550123' }).click();
    expect(await card.count()).toBe(0);
    await waitFor('the call to her number', () => service().callPlacedTo('tel:+14255550123'));
    await page
      .getByRole('button', { name: /^(Cancel|Hang up)$/ })
      .first()
      .click();
    await page.getByRole('list', { name: 'Recent calls' }).getByRole('listitem').first().waitFor();
    expect(session.app.cspViolations).toEqual([]);
  });

  it('opens Ada’s card from a search result, with her note and photo', async () => {
    const { page } = session.app;
    await page.getByLabel('Call someone').pressSequentially('lovelace');
    await page.getByRole('list', { name: 'People found' }).getByRole('button', { name: 'Contact card of Ada Lovelace' }).click();
    const card = page.getByRole('dialog', { name: 'Ada Lovelace' });
    await card.getByText('Heads down on the Analytical Engine today').waitFor();
    const photo = card.locator('img');
    await waitFor('the photo to be decoded', () => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 48));
    expect(await photo.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
  });

  it('opens a card from a Recent entry, and closes it with Escape', async () => {
    const { page } = session.app;
    await page.getByLabel('Call someone').fill('chat@softphone.local');
    await page.getByRole('button', { name: 'Call', exact: true }).click();
    await waitFor('the call to Grace', () => service().callPlacedTo('sip:chat@softphone.local'));
    await page
      .getByRole('button', { name: /^(Cancel|Hang up)$/ })
      .first()
      .click();
    const recent = page.getByRole('list', { name: 'Recent calls' });
    await recent.getByRole('button', { name: 'Contact card of Grace Hopper' }).click();
    const card = page.getByRole('dialog', { name: 'Grace Hopper' });
    await card.getByText('Rear Admiral · Engineering').waitFor();
    expect(await card.getByRole('button', { name: 'Message Grace Hopper' }).count()).toBe(1);
    await page.keyboard.press('Escape');
    await waitFor('the card to close', async () => (await card.count()) === 0);
  });
});

describe('search results, the contact list and a contact card in the dark theme', () => {
  const session = useAppSession({ colorScheme: 'dark' });

  it('pass axe, and are looked at', async () => {
    const { page } = session.app;
    const shot = (name: string) => page.screenshot({ path: new URL(`${name}-dark.png`, ARTIFACTS).pathname });
    session.harness.core.localService!.people.presence.set('sip:answers@softphone.local', 'Busy', 'InACall');
    await page.getByLabel('Call someone').pressSequentially('a');
    await page.getByText('20 people found. More results: keep typing to narrow.').waitFor();
    await page.getByRole('list', { name: 'People found' }).getByRole('img', { name: 'Busy, in a call', exact: true }).waitFor();
    await shot('people-search');
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');

    const contacts = page.getByRole('region', { name: 'Contacts' });
    for (const group of ['Engineering', 'Design', 'Finance']) await contacts.getByRole('button', { name: new RegExp(`^${group}`) }).click();
    await contacts.scrollIntoViewIfNeeded();
    await shot('contact-list');
    expect(await seriousViolations(page)).toEqual([]);

    await contacts.getByRole('button', { name: /^Contact card of Ada Lovelace/ }).click();
    const photo = page.getByRole('dialog', { name: 'Ada Lovelace' }).locator('img');
    await waitFor('the photo to be decoded', () => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 48));
    await shot('contact-card');
    expect(await seriousViolations(page)).toEqual([]);
  });
});

// Call via my phone from Home in Chromium: the server (the embedded service) rings the person's phone,
// then the callee; the page follows the call through its states and ends it. No media in the page.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, useAppSession } from '../harness/session.js';

async function callViaMyPhone(page: Page, address: string): Promise<void> {
  await page.getByLabel('Call someone').fill(address);
  await page.getByRole('button', { name: 'Call via my phone' }).click();
}

describe('call via my phone, with the number the server lists', () => {
  const session = useAppSession({ local: { phones: [{ type: 'Work', number: 'tel:+14255550100' }] } });

  it('rings my phone, then calls Ada, connects and is ended from the app', async () => {
    const { page } = session.app;
    await page.getByText('Call via my phone rings +14255550100 first, then the person you call.').waitFor();
    await callViaMyPhone(page, 'answers@softphone.local');
    const card = page.getByRole('region', { name: /^Call via your phone to / });
    await card
      .getByRole('status')
      .getByText(/^Your phone answered: calling (Ada Lovelace|answers@softphone\.local)…$/)
      .waitFor();
    await card.getByRole('status').getByText('Connected: talking on your phone.').waitFor();
    await page.screenshot({ path: new URL('call-via-work.png', ARTIFACTS).pathname });
    expect(session.harness.core.localService!.phoneCallsPlaced()).toEqual([
      expect.objectContaining({ to: 'sip:answers@softphone.local', phoneNumber: 'tel:+14255550100', state: 'Connected' }),
    ]);
    await card.getByRole('button', { name: 'End call' }).click();
    await page.getByRole('list', { name: 'Recent calls' }).getByText('You hung up.').waitFor();
    expect(session.harness.core.localService!.phoneCallsPlaced()[0]?.state).toBe('Failed');
    expect(session.app.cspViolations).toEqual([]);
  });

  it('calls back a Recent entry via my phone once, however fast it is clicked twice', async () => {
    const { page } = session.app;
    const service = session.harness.core.localService!;
    await callViaMyPhone(page, 'answers@softphone.local');
    const card = page.getByRole('region', { name: /^Call via your phone to / });
    await card.getByRole('status').getByText('Connected: talking on your phone.').waitFor();
    await card.getByRole('button', { name: 'End call' }).click();
    const recent = page.getByRole('list', { name: 'Recent calls' });
    await recent.getByText('You hung up.').waitFor();

    // Both clicks in one task, before the page can draw the button disabled.
    await recent
      .getByRole('button', { name: /via my phone$/ })
      .first()
      .evaluate((button: HTMLButtonElement) => (button.click(), button.click()));
    await card.getByRole('status').getByText('Connected: talking on your phone.').waitFor();
    await card.getByRole('button', { name: 'End call' }).click();
    await recent.getByText('You hung up.').nth(1).waitFor();
    expect(service.phoneCallsPlaced()).toHaveLength(2);
  });
});

describe('call via my phone, with the number typed in Settings', () => {
  const session = useAppSession({ local: { yourPhone: 'noAnswer' } });

  it('asks for a number first, then rings that phone until cancelled', async () => {
    const { page } = session.app;
    await page.getByText('To call via your phone, add your phone number in Settings.').waitFor();
    expect(await page.getByRole('button', { name: 'Call via my phone' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel(/^My phone number/).fill('425 555 0199');
    await page.getByLabel(/^My phone number/).press('Enter');
    await page.getByRole('alert').getByText('Start the phone number with + and the country code, for example +1 425 555 0100.').waitFor();
    await page.getByLabel(/^My phone number/).fill('+1 425 555 0199');
    await page.getByLabel(/^My phone number/).blur();
    await page.getByRole('button', { name: 'Done' }).click();

    await callViaMyPhone(page, 'answers@softphone.local');
    const card = page.getByRole('region', { name: /^Call via your phone to / });
    await card.getByRole('status').getByText('Ringing your phone +14255550199…').waitFor();
    await card.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('list', { name: 'Recent calls' }).getByText('You cancelled it.').waitFor();
    expect(session.harness.core.localService!.phoneNumbers()).toEqual(['tel:+14255550199']);
  });
});

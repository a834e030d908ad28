// Directory search in Chromium, in Home's Call field, against the local service's directory: by part of a
// name and by part of a number, a result called (Ada answers) and messaged (Grace replies), each result's
// presence named, a search that finds no one said so, the results walked with the keyboard, and a server
// without search, where the field stays and says search is not offered.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../harness/accessibility.js';
import { eventually } from '../support/localServer.js';
import { ARTIFACTS, useAppSession } from '../harness/session.js';

const found = (page: Page) => page.getByRole('list', { name: 'People found' });
const answeredForTheText = (page: Page) => page.getByText(/^\d+ (person|people) found\./).waitFor();
const focusedLabel = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.id);

describe('people search, end to end', () => {
  const session = useAppSession();
  const service = () => session.harness.core.localService!;

  it('finds people by part of a name and by part of a number, and calls a result, who answers', async () => {
    const { page } = session.app;
    const field = page.getByLabel('Call someone');
    await field.pressSequentially('ada lov');
    // The status speaks only for the text now in the field; the list may still show an earlier keystroke's results.
    await page.getByText('1 person found.').waitFor();
    expect(await found(page).getByRole('listitem').allTextContents()).toEqual([expect.stringContaining('Ada Lovelace')]);
    expect(await seriousViolations(page)).toEqual([]);

    await field.fill('555 0127');
    await found(page).getByText('Grace Hopper').waitFor();
    expect(await found(page).getByRole('listitem').count()).toBe(1);

    await field.fill('a');
    await page.getByText('20 people found. More results: keep typing to narrow.').waitFor();
    await page.screenshot({ path: new URL('people-search.png', ARTIFACTS).pathname });

    await field.fill('lovelace');
    await found(page).getByRole('button', { name: 'Call Ada Lovelace', exact: true }).click();
    const call = page.getByRole('region', { name: 'Call with Ada Lovelace' });
    await call
      .getByRole('timer')
      .getByText(/^\d+:\d\d$/)
      .waitFor();
    expect(service().callPlacedTo('sip:answers@softphone.local')).toBeDefined();
    await call.getByRole('button', { name: 'Hang up' }).click();
    await page.getByRole('list', { name: 'Recent calls' }).getByText('Ada Lovelace').waitFor();
    expect(session.app.cspViolations).toEqual([]);
  });

  it('names each result’s presence as everywhere else, and says when no one is found', async () => {
    const { page } = session.app;
    service().people.presence.set('sip:answers@softphone.local', 'Busy', 'InACall');
    const field = page.getByLabel('Call someone');
    await field.pressSequentially('lovelace');
    await found(page).getByRole('listitem').filter({ hasText: 'Ada Lovelace' }).getByRole('img', { name: 'Busy, in a call', exact: true }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await field.fill('zzqx');
    await page.getByText('No one found for “zzqx”.').waitFor();
    expect(await found(page).count()).toBe(0);
  });

  it('stops watching the presence of the people found once the field is cleared', async () => {
    const { page } = session.app;
    const yara = 'sip:yara.tanaka@softphone.local';
    const watched = () =>
      service()
        .people.presence.held()
        .some((subscription) => subscription.members.includes(yara));
    const field = page.getByLabel('Call someone');
    await field.pressSequentially('yara tanaka');
    await found(page).getByText('Yara Tanaka').waitFor();
    await eventually('the person found to be watched', watched, 30_000);
    await field.press('Escape');
    await eventually('the person found to be no longer watched', () => !watched(), 30_000);
  });

  it('messages a result: Grace accepts and replies', async () => {
    const { page } = session.app;
    await page.getByLabel('Call someone').pressSequentially('grace');
    await found(page).getByRole('button', { name: 'Message Grace Hopper' }).click();
    await page.getByLabel('Reply').fill('Hello from search');
    await page.getByLabel('Reply').press('Enter');
    const conversation = page.getByRole('region', { name: 'Conversation with Grace Hopper' });
    const log = conversation.getByRole('log');
    await log.getByText('Hello from search').waitFor();
    // Grace answers each message after the one that started the conversation.
    await conversation.getByLabel('Reply').fill('Found you');
    await conversation.getByLabel('Reply').press('Enter');
    await log.getByText('You said: Found you').waitFor();
    expect(service().messagesSentTo('sip:chat@softphone.local')).toEqual(['Hello from search']);
    expect(service().conversationStartedWith('sip:chat@softphone.local')?.messagesFromUser).toEqual([{ format: 'plain', text: 'Found you' }]);
  });

  it('searches once per text: snapshots that come meanwhile (a call rings and is missed) search nothing again', async () => {
    const { page } = session.app;
    await page.getByLabel('Call someone').pressSequentially('grace hop');
    await page.getByText('1 person found.').waitFor();
    const searches = service().people.searchesReceived;
    const caller = await session.call({ video: false, from: { name: 'Alan Turing', uri: 'sip:alan@contoso.com' } });
    await page.getByRole('button', { name: 'Accept', exact: true }).first().waitFor();
    caller.cancel();
    await page.getByRole('list', { name: 'Recent calls' }).getByText('Missed call from Alan Turing').waitFor();
    expect(await found(page).getByRole('listitem').allTextContents()).toEqual([expect.stringContaining('Grace Hopper')]);
    expect(service().people.searchesReceived).toBe(searches);
  });

  it('walks the results with the arrow keys, calls the highlighted one with Enter, and clears with Escape', async () => {
    const { page } = session.app;
    const field = page.getByLabel('Call someone');
    // Ada (…0123) and Edith (…0124) first, in the directory's order.
    await field.pressSequentially('555 012');
    await answeredForTheText(page);
    await field.press('ArrowDown');
    expect(await focusedLabel(page)).toBe('Call Ada Lovelace');
    await page.keyboard.press('ArrowDown');
    expect(await focusedLabel(page)).toBe('Call Edith Clarke');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await focusedLabel(page)).toBe('call-someone');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Escape');
    expect(await field.inputValue()).toBe('');
    await found(page).waitFor({ state: 'detached' });
    expect(await focusedLabel(page)).toBe('call-someone');

    await field.pressSequentially('555 012');
    await answeredForTheText(page);
    await field.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'Call with Ada Lovelace' }).getByRole('button', { name: 'Hang up' }).click();
    await page.getByRole('list', { name: 'Recent calls' }).getByText('Ada Lovelace').waitFor();
    expect(service().callPlacedTo('sip:answers@softphone.local')).toBeDefined();
  });
});

describe('people search in Add someone', () => {
  const session = useAppSession();

  it('invites to a meeting someone found by part of their name', async () => {
    const { page } = session.app;
    const service = session.harness.core.localService!;
    service.createMeeting('sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:7T4LQJ2B', { subject: 'Search review' });
    service.addPerson({ name: 'Ada Lovelace', uri: 'sip:answers@softphone.local' }, 'accept');
    await page.getByLabel('Join a meeting').fill('https://meet.contoso.com/grace/7T4LQJ2B');
    await page.getByRole('button', { name: 'Join' }).click();
    await page.getByRole('status').getByText('You are in the meeting.').waitFor();
    await page.getByLabel('Add someone').pressSequentially('lovel');
    await found(page).getByRole('button', { name: 'Invite Ada Lovelace' }).click();
    await page.getByText('answers@softphone.local joined.').waitFor();
    expect(await page.getByLabel('Add someone').inputValue()).toBe('');
  });
});

describe('people search on a server without it', () => {
  const session = useAppSession({ local: { search: false } });

  it('keeps the Call field, says search is not offered and sends no search; a full address still calls', async () => {
    const { page } = session.app;
    await page.getByText('Your server does not offer directory search: type a full address or phone number.').waitFor();
    await page.getByLabel('Call someone').fill('answers@softphone.local');
    await page.getByRole('button', { name: 'Call', exact: true }).click();
    await page.getByRole('region', { name: 'Call with Ada Lovelace' }).getByRole('button', { name: 'Hang up' }).click();
    expect(await found(page).count()).toBe(0);
    expect(session.harness.core.localService!.people.searchesReceived).toBe(0);
  });
});

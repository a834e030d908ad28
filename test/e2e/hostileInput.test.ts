// Hostile input in every view: XSS payloads (test/support/xssPayloads.ts) as callers' and contacts' names,
// subjects, first messages and messages (plain and HTML), meeting subjects and link requests. In each view
// nothing runs, the browser reports no Content-Security-Policy violation (the page never even tries), and
// plain text shows as the very text that was sent.
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { keptText } from '../../main/calls/messages.js';
import type { PlacedCall, Flavour } from '../../main/local/service.js';
import type { MessageFormat } from '../../main/local/messages.js';
import { displayAddress } from '../../renderer/addresses.js';
import { openRingWindow, waitFor, type AppPage } from '../harness/browser.js';
import { useAppSession } from '../harness/session.js';
import { CHROME_OFFER } from '../support/localServer.js';
import { packedPayloads, recordXssRuns, XSS_PAYLOADS, xssRuns } from '../support/xssPayloads.js';

/** Subjects hold at most 250 characters and names 256 (longer ones are refused as malformed): packed to fit. */
const FIELDS = packedPayloads(250);
const PAYLOADS = XSS_PAYLOADS.map((payload) => payload.text);
const MEETING = 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:7T4LQJ2B';
/** What sanitised HTML messages may hold. */
const FORMATTING = 'b, strong, i, em, u, s, br, p, div, span, ul, ol, li, blockquote, code, pre, a';

/** Sets of `size` hostile fields, as many as it takes to use each field once (the last set wraps around). */
function fieldSets(size: number): string[][] {
  const count = Math.ceil(FIELDS.length / size);
  return Array.from({ length: count }, (_, set) => Array.from({ length: size }, (_, slot) => FIELDS[(set * size + slot) % FIELDS.length]!));
}

const texts = (page: Page, selector: string) => page.locator(selector).allTextContents();

/** Playwright's clicks wait for animation frames, which the window behind the other one seldom gets. */
const toFront = (window: AppPage) => window.page.bringToFront();

async function expectNothingRan(...windows: AppPage[]): Promise<void> {
  for (const { page, cspViolations } of windows) {
    expect(await xssRuns(page)).toEqual([]);
    expect(cspViolations).toEqual([]);
  }
}

describe('hostile input', () => {
  const session = useAppSession();
  const service = () => session.harness.core.localService!;
  let main: AppPage;
  let ring: AppPage;

  beforeEach(async () => {
    main = session.app;
    await recordXssRuns(main.page.context());
    await main.page.reload();
    await main.page.getByText('Available').waitFor();
    ring = await openRingWindow(main, session.harness);
  });

  /** Waits for every ring card in both windows; the contacts' names come a moment after the rest. */
  async function waitForRings(count: number, contextLines = 0): Promise<void> {
    for (const { page } of [main, ring]) {
      await waitFor(`${count} ring cards`, async () => (await page.getByRole('alertdialog').count()) === count);
      await waitFor('the contacts’ names', async () => (await texts(page, '[role=alertdialog] .context li')).length === contextLines);
    }
  }

  async function expectRecent(names: string[]): Promise<void> {
    const recent = main.page.getByRole('list', { name: 'Recent calls' });
    await waitFor('the calls in Recent', async () => {
      const listed = (await recent.textContent({ timeout: 1000 }).catch(() => null)) ?? '';
      return names.every((name) => listed.includes(name));
    });
  }

  it('rings with hostile names, subjects and contacts in both windows, shows the answered call and lists them all in Recent', async () => {
    const calls = fieldSets(5).map(([caller = '', subject = '', onBehalfOf = '', forwardedBy = '', transferredBy = '']) => ({
      caller,
      subject,
      onBehalfOf,
      forwardedBy,
      transferredBy,
    }));
    const legs: PlacedCall[] = calls.map((call, index) => {
      const person = (name: string, role: string) => ({ name, uri: `sip:${role}${index}@contoso.com` });
      return service().placeCall({
        from: person(call.caller, 'caller'),
        subject: call.subject,
        offerSdp: CHROME_OFFER,
        acceptAnswer: async () => {},
        context: {
          onBehalfOf: person(call.onBehalfOf, 'boss'),
          forwardedBy: person(call.forwardedBy, 'assistant'),
          transferredBy: person(call.transferredBy, 'desk'),
        },
      });
    });
    const [inviter = '', meetingSubject = ''] = FIELDS.slice(-2);
    legs.push(service().inviteToMeeting({ from: { name: inviter, uri: 'sip:inviter@contoso.com' }, subject: meetingSubject, meetingUri: MEETING }));
    await waitForRings(legs.length, 3 * calls.length);

    const callers = [...calls.map((call) => call.caller), inviter];
    for (const { page } of [main, ring]) {
      expect(await texts(page, '[role=alertdialog] h2')).toEqual(callers);
      expect(await texts(page, '[role=alertdialog] .subject')).toEqual([...calls.map((call) => call.subject), meetingSubject].map((subject) => `“${subject}”`));
      expect(await texts(page, '[role=alertdialog] .context li')).toEqual(
        calls.flatMap((call) => [`On behalf of ${call.onBehalfOf}`, `Forwarded by ${call.forwardedBy}`, `Transferred by ${call.transferredBy}`]),
      );
    }
    expect(await ring.page.locator('[aria-live=assertive]').textContent()).toContain(`Meeting invitation from ${inviter}`);
    await expectNothingRan(main, ring);

    await ring.page.getByRole('alertdialog').first().getByRole('button', { name: 'Accept audio only' }).click();
    expect(await legs[0]!.outcome).toEqual({ status: 'Success' });
    await waitFor('the call view', async () => (await texts(main.page, 'section.call h1')).length === 1);
    expect(await texts(main.page, 'section.call h1')).toEqual([callers[0]]);
    await expectNothingRan(main, ring);

    legs[0]!.hangUp();
    for (const leg of legs.slice(1)) leg.cancel();
    await expectRecent(callers);
    await expectNothingRan(main, ring);
  });

  it('rings with hostile first messages in every flavour, then shows hostile messages both plain and HTML in the conversation', async () => {
    const firstMessage = PAYLOADS.join('\n');
    const flavours: Array<{ flavour: Flavour; format: MessageFormat }> = [
      { flavour: 'ucwa', format: 'plain' },
      { flavour: 'ucwa', format: 'html' },
      { flavour: 'saas', format: 'plain' },
      { flavour: 'saas', format: 'html' },
    ];
    const senders = fieldSets(2).slice(0, flavours.length);
    const legs = flavours.map(({ flavour, format }, index) => {
      const [name = '', subject = ''] = senders[index]!;
      return service().startMessaging({ from: { name, uri: `sip:sender${index}@contoso.com` }, subject, message: firstMessage, format, flavour });
    });
    await waitForRings(legs.length);
    for (const { page } of [main, ring]) {
      const shown = await texts(page, '[role=alertdialog] .message');
      // As every message, it is shown as the snapshot carries it: the 'very long' payload takes it past the bound.
      const kept = keptText(firstMessage).text;
      expect(kept.endsWith('…')).toBe(true);
      expect(shown.filter((_, index) => flavours[index]!.format === 'plain')).toEqual([kept, kept]);
    }
    // In the main window formatting survives the sanitising: one payload is a <b> with a style attribute.
    expect(await main.page.locator('[role=alertdialog] .message b', { hasText: 'bold' }).count()).toBe(2);
    expect(await main.page.locator(`[role=alertdialog] .message :not(${FORMATTING})`).count()).toBe(0);
    // The ring window, above full-screen applications, shows HTML messages as their text: no element, no link.
    const ringShown = await texts(ring.page, '[role=alertdialog] .message');
    expect(ringShown.filter((_, index) => flavours[index]!.format === 'html').every((text) => text.includes('bold'))).toBe(true);
    expect(await ring.page.locator('[role=alertdialog] .message *').count()).toBe(0);
    await expectNothingRan(main, ring);

    // The first HTML one is answered (the others give up first, so the conversation has the window to
    // itself): its first message opens the conversation, then every payload comes both ways.
    const accepted = flavours.findIndex(({ format }) => format === 'html');
    const [name = '', subject = ''] = senders[accepted]!;
    const leg = legs[accepted]!;
    for (const other of legs.filter((other) => other !== leg)) other.cancel();
    await waitForRings(1);
    await ring.page.getByRole('alertdialog').getByRole('button', { name: 'Accept' }).click();
    await toFront(main);
    const conversation = main.page.locator('section.conversation');
    await conversation.waitFor();
    expect(await texts(main.page, 'section.conversation h1')).toEqual([name]);
    expect(await texts(main.page, 'section.conversation header .address')).toEqual([subject]);
    for (const text of PAYLOADS) leg.sendMessage({ format: 'plain', text });
    for (const text of PAYLOADS) leg.sendMessage({ format: 'html', text });
    const bubbles = conversation.locator('.bubble');
    await waitFor('every message', async () => (await bubbles.count()) === 1 + 2 * PAYLOADS.length);
    expect((await bubbles.allTextContents()).slice(1, 1 + PAYLOADS.length)).toEqual(PAYLOADS.map((text) => keptText(text).text));
    expect(await conversation.locator(`.bubble :not(${FORMATTING})`).count()).toBe(0);
    const hrefs = await conversation.locator('.bubble a').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    // The payloads' links are javascript: and data: ones: each keeps its text and loses its href.
    expect(new Set(hrefs)).toEqual(new Set([null]));
    await expectNothingRan(main, ring);

    await conversation.getByRole('button', { name: 'End', exact: true }).click();
    await expectRecent(senders.map(([sender]) => sender!));
    await expectNothingRan(main, ring);
  });

  it('shows hostile link requests as text, and a hostile meeting subject in the lobby, the meeting and Recent', async () => {
    await toFront(main);
    const card = main.page.locator('.link-request');
    for (const problem of PAYLOADS) {
      session.harness.core.requestFromLink({ kind: 'refused', problem });
      await waitFor('the refused link', async () => (await texts(main.page, '.link-request .note')).includes(problem));
    }
    for (const field of FIELDS) {
      const uri = `sip:${field}@contoso.com;gruu;opaque=app:conf:focus:id:${field}`;
      session.harness.core.requestFromLink({ kind: 'joinMeeting', uri });
      await waitFor('the meeting link', async () => (await texts(main.page, '.link-request .address')).includes(displayAddress(uri)));
    }
    await card.getByRole('button', { name: 'Not now' }).click();
    await expectNothingRan(main);

    for (const subject of FIELDS) {
      const meeting = service().createMeeting(MEETING, { lobby: true, subject });
      session.harness.core.requestFromLink({ kind: 'joinMeeting', uri: MEETING });
      await card.getByRole('button', { name: 'Join' }).click();
      await main.page.getByRole('status').getByText('Waiting in the lobby').waitFor();
      expect(await texts(main.page, '#meeting-title')).toEqual([subject]);
      meeting.admitAll();
      await main.page.getByRole('status').getByText('You are in the meeting.').waitFor();
      expect(await texts(main.page, '#meeting-title')).toEqual([subject]);
      await main.page.getByRole('button', { name: 'Leave' }).click();
      await main.page.locator('#meeting-title').waitFor({ state: 'detached' });
    }
    await expectRecent(FIELDS);
    await expectNothingRan(main, ring);
  });
});

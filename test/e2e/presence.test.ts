// Colleagues' presence in Chromium, live from the local service's presence subscriptions: Ada's dot in
// Recent and on the ring card follows what she sets without a reload, and every availability's dot is
// named, passes axe and stands out from the surface (at least 3:1) in both themes.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { LocalUcwaService } from '../../main/local/service.js';
import { directoryPeople } from '../../main/local/directory.js';
import { seriousViolations } from '../harness/accessibility.js';
import { ARTIFACTS, useAppSession } from '../harness/session.js';
import { CHROME_OFFER } from '../support/localServer.js';

const ADA = { name: 'Ada Lovelace', uri: 'sip:answers@softphone.local' };

/** A call from `from` that rings and is given up on: a missed call in Recent, with Call back. */
async function missedCallFrom(service: LocalUcwaService, page: Page, from: { name: string; uri: string }): Promise<void> {
  const placed = service.placeCall({ from, offerSdp: CHROME_OFFER, acceptAnswer: async () => {} });
  await page.getByRole('alertdialog', { name: from.name }).waitFor();
  placed.cancel();
  await recentEntry(page, from.name).waitFor();
}

const recentEntry = (page: Page, name: string) => page.getByRole('list', { name: 'Recent calls' }).getByRole('listitem').filter({ hasText: name });
const dot = (within: Locator, label: string) => within.getByRole('img', { name: label, exact: true });

describe('colleagues’ presence', () => {
  const session = useAppSession();

  it('Ada in Recent goes DoNotDisturb and her dot changes on Home; her call rings with her dot, which changes when she goes Busy', async () => {
    const { page } = session.app;
    const service = session.harness.core.localService!;
    service.people.presence.set(ADA.uri, 'Online');
    await missedCallFrom(service, page, ADA);
    await dot(recentEntry(page, ADA.name), 'Available').waitFor();

    service.people.presence.set(ADA.uri, 'DoNotDisturb');
    await dot(recentEntry(page, ADA.name), 'Do not disturb').waitFor();

    await session.call({ video: false, from: ADA, subject: 'Budget' });
    const ring = page.getByRole('alertdialog', { name: ADA.name });
    await dot(ring, 'Do not disturb').waitFor();
    service.people.presence.set(ADA.uri, 'Busy', 'InACall');
    await dot(ring, 'Busy, in a call').waitFor();
    await page.screenshot({ path: new URL('presence-ringing.png', ARTIFACTS).pathname });
    await ring.getByRole('button', { name: 'Decline', exact: true }).click();
    await ring.waitFor({ state: 'detached' });
    await dot(recentEntry(page, ADA.name).first(), 'Busy, in a call').waitFor();
  });
});

/** Each availability the server may send, and one this app does not know (shown as unknown), with its dot's name. */
const STATES = [
  ['Online', 'Available'],
  ['Busy', 'Busy'],
  ['DoNotDisturb', 'Do not disturb'],
  ['BeRightBack', 'Be right back'],
  ['Away', 'Away'],
  ['Offwork', 'Off work'],
  ['IdleOnline', 'Inactive'],
  ['IdleBusy', 'Busy, inactive'],
  ['Offline', 'Offline'],
  ['Lunching', 'Presence unknown'],
] as const;

/** WCAG relative luminance of a computed rgb() colour. */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((c) => {
    const v = Number(c) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

for (const theme of ['light', 'dark'] as const) {
  describe(`every presence dot, ${theme} theme`, () => {
    const session = useAppSession({ colorScheme: theme });

    it('is named, passes axe, and its colour stands at least 3:1 against the surface', async () => {
      const { page } = session.app;
      const service = session.harness.core.localService!;
      const people = directoryPeople().slice(10, 10 + STATES.length);
      for (const [index, person] of people.entries()) {
        service.people.presence.set(person.uri, STATES[index]![0]);
        await missedCallFrom(service, page, person);
      }
      for (const [index, person] of people.entries()) await dot(recentEntry(page, person.name), STATES[index]![1]).waitFor();
      await page.screenshot({ path: new URL(`presence-${theme}.png`, ARTIFACTS).pathname, fullPage: true });
      expect(await seriousViolations(page)).toEqual([]);

      const colours = await page.locator('.recent [data-tone]').evaluateAll((dots) => {
        // Custom properties compute to what they were written as (#rrggbb): a probe's colour reads them as rgb().
        const asRgb = (value: string) => {
          const probe = document.body.appendChild(document.createElement('span'));
          probe.style.color = value;
          const rgb = getComputedStyle(probe).color;
          probe.remove();
          return rgb;
        };
        return dots.map((presence) => {
          const style = getComputedStyle(presence);
          const label = presence.querySelector('[role="img"]')!.getAttribute('aria-label');
          return { label, colour: asRgb(style.getPropertyValue('--presence')), surface: asRgb(style.getPropertyValue('--surface')) };
        });
      });
      expect(colours.map(({ label }) => label)).toEqual(STATES.map(([, label]) => label).reverse());
      for (const { label, colour, surface } of colours) expect({ label, ratio: contrast(colour, surface) >= 3 }).toEqual({ label, ratio: true });
    });
  });
}

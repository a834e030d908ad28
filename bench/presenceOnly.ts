// `BENCH=presenceOnly npm run bench`: the presence flood alone (bench/presence.ts), its three rows
// printed, for measuring a change to the core's presence work without the rest of the bench's minutes.
import { it } from 'vitest';
import { launchChromium } from '../test/harness/browser.js';
import { measurePresenceFlood, presenceRows } from './presence.js';
import { printTable } from './report.js';

it('measures the presence flood', async () => {
  const browser = await launchChromium([], ['SpareRendererForSitePerProcess']);
  try {
    printTable(presenceRows(await measurePresenceFlood(browser)));
  } finally {
    await browser.close();
  }
});

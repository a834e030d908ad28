// `BENCH=historyHome npm run bench`: Home with 10 000 history entries beside an empty history alone
// (bench/history.ts), its rows printed, for working on how fast Home opens without the rest of the bench.
import { it } from 'vitest';
import { launchChromium } from '../test/harness/browser.js';
import { historyRows, measureHistory } from './history.js';
import { printTable } from './report.js';

it('measures Home with a full history', async () => {
  const browser = await launchChromium([], ['SpareRendererForSitePerProcess']);
  try {
    printTable(historyRows(await measureHistory(browser)));
  } finally {
    await browser.close();
  }
});

// `BENCH=historyHome npm run bench`: Home with 10 000 history entries beside an empty history alone
// (bench/history.ts), its rows printed with the window's load in steps (bench/homeSteps.ts), for working on
// how fast Home opens without the rest of the bench.
import { it } from 'vitest';
import { launchChromium } from '../test/harness/browser.js';
import { historyRows, measureHistory } from './history.js';
import { homeStepRows } from './homeSteps.js';
import { printTable } from './report.js';

it('measures Home with a full history', async () => {
  const browser = await launchChromium([], ['SpareRendererForSitePerProcess']);
  try {
    const measured = await measureHistory(browser);
    printTable([...historyRows(measured), ...homeStepRows(measured.loadSteps)]);
  } finally {
    await browser.close();
  }
});

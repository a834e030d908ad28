// `BENCH=meetingOnly npm run bench`: the 50-person meeting whose speaking changes five times a second alone
// (bench/meeting.ts), its three rows printed.
import { it } from 'vitest';
import { launchChromium } from '../test/harness/browser.js';
import { measureMeeting, meetingRows } from './meeting.js';
import { printTable } from './report.js';

it('measures a meeting of 50 speaking', async () => {
  const browser = await launchChromium([], ['SpareRendererForSitePerProcess']);
  try {
    printTable(meetingRows(await measureMeeting(browser)));
  } finally {
    await browser.close();
  }
});

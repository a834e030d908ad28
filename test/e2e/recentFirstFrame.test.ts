// Home's first frame with a long history: Recent draws the entries a first screen holds in it, and the rest
// only once that frame is drawn, so the window's first paint does not wait for entries below the fold.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HistoryStore } from '../../main/history/historyStore.js';
import type { HistoryEntry } from '../../preload/shared/history.js';
import { launchChromium, openApp } from '../harness/browser.js';
import { startHarness } from '../harness/server.js';

const ENTRIES = 25;
type FirstFrame = { __recentInFirstFrame?: number };

let browser: Browser;
let folder: string;
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'softphone-recent-first-frame-'));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  rmSync(folder, { recursive: true, force: true });
});

/** A history file with ENTRIES calls from people on the phone network, a minute apart. */
function historyOf(file: string): string {
  const now = Date.now();
  const entries = Array.from({ length: ENTRIES }, (_, n): HistoryEntry => ({
    id: `entry-${n}`,
    source: 'local',
    kind: 'audio',
    direction: 'Incoming',
    outcome: 'answered',
    name: `Caller ${n}`,
    address: `tel:+1425555${String(n).padStart(4, '0')}`,
    startedAt: now - (n + 1) * 60_000,
    endedAt: now - n * 60_000,
    durationMs: 30_000,
  }));
  const store = HistoryStore.open(file);
  store.add(entries, { maxAgeDays: 365, maxEntries: 1000 }, now);
  store.close();
  return file;
}

/** From the page's first script on: how many entries Recent has when the frame it first appears in runs its callbacks. */
const countRecentInFirstFrame = () =>
  new MutationObserver((_, observer) => {
    if (!document.querySelector('ul[aria-label="Recent calls"] li')) return;
    observer.disconnect();
    requestAnimationFrame(() => {
      (window as FirstFrame).__recentInFirstFrame = document.querySelectorAll('ul[aria-label="Recent calls"] > li').length;
    });
  }).observe(document, { childList: true, subtree: true });

it('draws the first screen of a long Recent in its first frame and the rest after it, and reads older logs only once its end is seen', async () => {
  const harness = await startHarness({ historyFile: historyOf(join(folder, 'history.sqlite')) });
  const { page } = await openApp(browser, harness);
  try {
    // Tall enough to see the end of Recent below its first screen's entries, not below all 25.
    await page.setViewportSize({ width: 440, height: 1400 });
    await page.addInitScript(countRecentInFirstFrame);
    const commandsSent: string[] = [];
    let framesReceived = 0;
    page.on('websocket', (socket) => {
      socket.on('framesent', ({ payload }) => commandsSent.push(String(payload)));
      socket.on('framereceived', () => framesReceived++);
    });
    await page.reload();
    const recent = page.getByRole('list', { name: 'Recent calls' });
    await recent.getByText(`Caller ${ENTRIES - 1}`).waitFor();
    const inFirstFrame = await page.evaluate(() => (window as FirstFrame).__recentInFirstFrame);
    expect(inFirstFrame).toBeGreaterThan(0);
    expect(inFirstFrame).toBeLessThan(ENTRIES);
    expect(await recent.locator(':scope > li').count()).toBe(ENTRIES);
    // Two frames more: the end of Recent, below the fold, has had its chance to be seen.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    // The page's socket is the one watched: the window's snapshot came on it.
    expect(framesReceived).toBeGreaterThan(0);
    expect(commandsSent.filter((frame) => frame.includes('readOlderHistory'))).toEqual([]);
    // Scrolled to its end, Recent asks for the server's older logs.
    await recent.locator(':scope > li').last().scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 5_000);
    await expect.poll(() => commandsSent.filter((frame) => frame.includes('readOlderHistory')).length).toBeGreaterThan(0);
  } finally {
    await page.context().close();
    await harness.close();
  }
});

// Directory search as a person types it in Home's Call field: from the key (its keydown in the page) to
// the frame that shows the people found, on the page's own clock. Beside it, in the same run, the least
// a page can do for the same results: a plain fetch of the same people/search URL, its JSON read, and
// the next frame, from a page of the local service's own origin with a bearer token of its own.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { UcwaClient } from '../main/ucwa/client.js';
import type { LocalUcwaService } from '../main/local/service.js';
import { SEARCH_LIMIT } from '../main/people/directorySearch.js';
import type { BenchApp } from './appCalls.js';
import { latencyRows, type Row } from './report.js';

/** A typist at about 40 words a minute: one key every 300 ms, slower than the search's pause between searches. */
const KEY_INTERVAL_MS = 300;
const P95_TARGET_MS = 150;
/** Each sample types the first letter of a name into the empty field: every letter starts someone's. */
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

export type SearchTimings = { shown: number[]; plainFetch: number[] };

export async function measurePeopleSearch(app: BenchApp, count: number): Promise<SearchTimings> {
  const service = app.harness.core.localService!;
  const baseline = await openBaselinePage(app.main, service);
  const measured: SearchTimings = { shown: [], plainFetch: [] };
  try {
    // One warm-up of each, not counted.
    let lastKeyAt = -Infinity;
    for (let i = -1; i < count; i++) {
      const letter = LETTERS[(i + LETTERS.length) % LETTERS.length]!;
      const shown = await keystrokeToShown(app.main, letter, lastKeyAt);
      lastKeyAt = shown.keyAt;
      const fetched = await baseline.search(letter);
      if (i < 0) continue;
      measured.shown.push(shown.ms);
      measured.plainFetch.push(fetched);
    }
  } finally {
    await baseline.close();
  }
  return measured;
}

/** The key pressed no sooner than KEY_INTERVAL_MS after the one before (at `lastKeyAt`, Node's clock): when, and how long until its results were shown. */
async function keystrokeToShown(page: Page, letter: string, lastKeyAt: number): Promise<{ ms: number; keyAt: number }> {
  const field = page.getByLabel('Call someone');
  await field.fill('');
  await page.getByRole('list', { name: 'People found' }).waitFor({ state: 'detached' });
  // The interval counts from the last key, not from here: clearing the field and seeing the list go took part of it.
  await sleep(Math.max(0, lastKeyAt + KEY_INTERVAL_MS - performance.now()));
  await page.evaluate(() => {
    const input = document.querySelector<HTMLInputElement>('#call-someone')!;
    (window as unknown as { __searchShown: Promise<number> }).__searchShown = new Promise((resolve) => {
      let keyAt = NaN;
      input.addEventListener('keydown', () => (keyAt = performance.now()), { once: true, capture: true });
      new MutationObserver((_, observer) => {
        if (!document.querySelector('ul[aria-label="People found"] li')) return;
        observer.disconnect();
        requestAnimationFrame(() => resolve(performance.now() - keyAt));
      }).observe(document.body, { childList: true, subtree: true });
    });
  });
  const keyAt = performance.now();
  await field.press(letter);
  return { ms: await page.evaluate(() => (window as unknown as { __searchShown: Promise<number> }).__searchShown), keyAt };
}

/** A page at the service's origin (its 401 document) that fetches people/search as a UCWA application of its own. */
async function openBaselinePage(appPage: Page, service: LocalUcwaService) {
  let authorization = '';
  const client = await UcwaClient.connect({
    fetch: (input, init) => {
      authorization = new Headers(init?.headers).get('Authorization') ?? authorization;
      return fetch(input, init);
    },
    rootUrl: service.rootUrl,
    credentials: { grant: 'password', ...service.credentials },
    identity: { userAgent: 'softphone-bench', endpointId: '2f6c1a9e-3b7d-4e8f-9a0b-1c2d3e4f5a6b', culture: 'en-US' },
    handlers: { onBatch: async () => {}, onResync: async () => {}, onApplicationReplaced: () => {}, onProblem: () => {}, onFatal: () => {} },
  });
  const search = client.http.resolve(client.application.people.get('search')!, client.application.self);
  const context = await appPage.context().browser()!.newContext();
  const page = await context.newPage();
  await page.goto(new URL('/baseline', service.rootUrl).href);
  return {
    search: (letter: string) =>
      page.evaluate(
        async ({ href, authorization }) => {
          const started = performance.now();
          const response = await fetch(href, { headers: { Authorization: authorization, Accept: 'application/json' } });
          await response.json();
          return new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now() - started)));
        },
        { href: `${search.href}?${new URLSearchParams({ query: letter, limit: String(SEARCH_LIMIT) })}`, authorization },
      ),
    close: async () => {
      await context.close();
      await client.close();
    },
  };
}

/** The search's figures beside the plain fetch; its p95 target is absolute (the 150 ms). */
export function peopleSearchRows({ shown, plainFetch }: SearchTimings): Row[] {
  const rows = latencyRows('search keystroke to results shown', shown, { name: 'plain fetch of the same search from a page', samples: plainFetch });
  return rows.map((row) => (row.name.endsWith('p95') ? { ...row, target: `≤ ${P95_TARGET_MS} ms`, meetsTarget: row.value <= P95_TARGET_MS } : row));
}

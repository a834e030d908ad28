// Home's first paint compiles only what it shows (issue 17, Home with 10 000 entries): the scripts the built
// page loads before it runs (its entry and the modules it preloads) hold none of the views it opens later,
// which come from chunks of their own when first shown (renderer/lazyViews.svelte.ts). Reads dist/renderer:
// run `npm run build` first.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));

/** A sentence only each view shows, as it stands in the built code. */
const ONLY_IN = {
  Settings: 'Start with the window open',
  'the call view': 'Stop camera',
  'the meeting view': 'Waiting in the lobby. The organiser will let you in.',
  'the meeting roster': 'Let everyone unmute',
  'the conversation view': 'Write your first message to start the conversation.',
};

/** The JS the page fetches and runs before its first paint: the entry module and the modules it preloads. */
function firstPaintScripts(): string {
  const html = readFileSync(`${RENDERER_DIR}index.html`, 'utf8');
  const files = [...html.matchAll(/<(?:script type="module"[^>]*src|link rel="modulepreload"[^>]*href)="\.\/([^"]+\.js)"/g)].map((match) => match[1]!);
  expect(files.length).toBeGreaterThan(0);
  return files.map((file) => readFileSync(`${RENDERER_DIR}${file}`, 'utf8')).join('\n');
}

/** Every script of the built page, first paint or later chunk. */
function allScripts(): string {
  const assets = `${RENDERER_DIR}assets/`;
  return readdirSync(assets)
    .filter((file) => file.endsWith('.js'))
    .map((file) => readFileSync(`${assets}${file}`, 'utf8'))
    .join('\n');
}

describe("the main window's first paint", () => {
  const scripts = firstPaintScripts();
  const all = allScripts();

  it('loads Home and Recent', () => {
    expect(scripts).toContain('Search history by name or number');
  });

  it.each(Object.entries(ONLY_IN))('does not load %s, which a later chunk holds', (_, sentence) => {
    // Present somewhere, so a view whose sentence changed cannot pass for one left out.
    expect(all.includes(sentence), `no chunk holds “${sentence}”`).toBe(true);
    expect(scripts.includes(sentence), `the first paint loads “${sentence}”`).toBe(false);
  });
});

import { readdirSync, readFileSync } from 'node:fs';

/** The five UCWA reference pages, with their licence and provenance one folder up. */
export const SEEDS_DIR = new URL('../fixtures/ucwa-docs/pages/', import.meta.url);

export type SeedSample = { seed: string; json: Record<string, unknown> };

/** Every JSON object written out in the seed pages (resource and event samples), in page order. */
export function seedJsonSamples(): SeedSample[] {
  const samples: SeedSample[] = [];
  for (const seed of readdirSync(SEEDS_DIR).sort()) {
    const text = readFileSync(new URL(seed, SEEDS_DIR), 'utf8');
    for (let start = text.indexOf('{'); start >= 0;) {
      const end = matchingBrace(text, start);
      if (end < 0) break;
      try {
        samples.push({ seed, json: JSON.parse(text.slice(start, end + 1)) as Record<string, unknown> });
        start = text.indexOf('{', end + 1);
      } catch {
        start = text.indexOf('{', start + 1);
      }
    }
  }
  return samples;
}

function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

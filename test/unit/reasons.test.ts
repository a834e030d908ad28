import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeReason, hasSentence } from '../../main/ucwa/reasons.js';
import { SEEDS_DIR as SEEDS } from '../support/seeds.js';
const CODES = [
  'BadRequest',
  'Conflict',
  'EntityTooLarge',
  'Forbidden',
  'Gone',
  'Informational',
  'LocalFailure',
  'NotFound',
  'RemoteFailure',
  'ServiceFailure',
  'Timeout',
];

/** Every (code, subcode) row of every table in the seed pages, in the three layouts they use. */
function seedRows(): Array<[string, string]> {
  const rows = new Set<string>();
  for (const name of readdirSync(SEEDS)) {
    const text = readFileSync(new URL(name, SEEDS), 'utf8');
    // Synchronous errors: "|Conflict|409|AlreadyExists|…", "Conflict | 409 | AlreadyExists |", "Conflict 409 AlreadyExists …", "Conflict409AlreadyExists".
    for (const match of text.matchAll(/^\|?\s*([A-Z][A-Za-z]+)\s*\|?\s*(\d{3})\s*\|?\s*([A-Z][A-Za-z]+)/gm)) {
      rows.add(`${match[1]}/${match[3]}`);
    }
    // Asynchronous reason codes: "- Conflict" followed by "|Subcode|Reason|" rows.
    for (const section of text.split(/^- /m).slice(1)) {
      const code = section.split(/\s/)[0] ?? '';
      if (!CODES.includes(code)) continue;
      for (const match of section.matchAll(/^\|([A-Za-z]+)\|[^|\n]+\|$/gm)) {
        if (match[1] !== 'Subcode') rows.add(`${code}/${match[1]}`);
      }
    }
  }
  return [...rows].map((row) => row.split('/') as [string, string]);
}

describe('reason catalog', () => {
  const rows = seedRows();

  it('finds the seeds’ tables in all their layouts', () => {
    expect(rows.length).toBe(50);
    expect(rows).toContainEqual(['Gone', 'CannotRedirect']); // sync tables, markdown and plain text
    expect(rows).toContainEqual(['Informational', 'ConnectedElsewhere']); // async reason codes
  });

  it('has a sentence for every code/subcode row of the seeds', () => {
    const missing = rows.filter(([code, subcode]) => !hasSentence(code, subcode));
    expect(missing).toEqual([]);
  });

  it('falls back from an unknown subcode to its code, and from an unknown code to a generic sentence', () => {
    expect(describeReason({ code: 'RemoteFailure', subcode: 'SomethingNew' })).toBe('The other side could not take the call.');
    expect(describeReason({ code: 'Martian' })).toBe('The call could not be completed.');
    expect(describeReason(undefined)).toBe('The call ended.');
    expect(describeReason({ code: 'RemoteFailure', subcode: 'Busy' })).toBe('The other person is busy.');
    expect(describeReason({ code: 'Conflict', subcode: 'constructor' })).toBe('The request clashed with something already in progress.');
  });
});

// The window's first snapshot written into its page (main/browserHost/pageWithSnapshot.ts): whatever names and
// messages it holds, the page's HTML tokenizer cannot leave the element early, and the bridge reads back
// exactly what was written.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pageWithSnapshot } from '../../main/browserHost/pageWithSnapshot.js';
import type { AppSnapshot } from '../../preload/shared/contract.js';
import { FIRST_SNAPSHOT_ID, type FirstSnapshot } from '../../preload/shared/firstSnapshot.js';
import { XSS_PAYLOADS } from '../support/xssPayloads.js';

const PAGE = '<!doctype html>\n<html lang="en">\n  <head>\n    <title>Softphone</title>\n  </head>\n  <body></body>\n</html>\n';
const OPENING = `<script type="application/json" id="${FIRST_SNAPSHOT_ID}">`;

/** A snapshot whose Recent holds one entry named `name` (the rest of a snapshot is not read here). */
const holding = (name: string): FirstSnapshot => ({ window: 'main', snapshot: { history: { recent: [{ name }] } } as unknown as AppSnapshot });

/** The element's content as the tokenizer ends it: at the first `</script` in any case. */
function contentIn(page: string): string {
  const start = page.indexOf(OPENING) + OPENING.length;
  return page.slice(start, page.toLowerCase().indexOf('</script', start));
}

describe('pageWithSnapshot', () => {
  it('puts the snapshot first in the head, in an element no payload can leave, and reads back as written', () => {
    for (const { what, text } of [...XSS_PAYLOADS, { what: 'a script end in another case', text: '</ScRiPt ><!--<script>' }]) {
      const page = pageWithSnapshot(PAGE, holding(text));
      expect(page.indexOf(OPENING), what).toBe(page.indexOf('<head>') + '<head>\n    '.length);
      expect(contentIn(page), what).not.toContain('<');
      expect(JSON.parse(contentIn(page)), what).toEqual(holding(text));
    }
  });

  it('holds any text whatever', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (name) => {
        const content = contentIn(pageWithSnapshot(PAGE, holding(name)));
        return !content.includes('<') && (JSON.parse(content) as FirstSnapshot).snapshot.history.recent[0]!.name === name;
      }),
    );
  });

  it('leaves the rest of the page as it was', () => {
    const page = pageWithSnapshot(PAGE, holding('Ada'));
    expect(page.replace(/\n {4}<script type="application\/json"[^>]*>[^<]*<\/script>/, '')).toBe(PAGE);
  });
});

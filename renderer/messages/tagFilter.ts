// A string pass over untrusted HTML before any DOM parser sees it. Chromium checks an inline event handler
// or style against the page's Content-Security-Policy as soon as its parser creates one, even in an inert
// document (DOMParser, <template>) where nothing ever runs, and reports a violation; so the markup that
// reaches DOMPurify must hold none. This pass keeps the allowed tags alone, each rewritten with no attribute
// but an `a`'s href, and drops every other tag. None of the allowed tags moves the browser's tokenizer out
// of its data state (as <style>, <textarea>, <svg> or <noscript> would), so the tags read here are exactly
// the tags the browser reads. It is not the safety: DOMPurify is.

const SPACE = /[\t\n\f\r ]/;
const LETTER = /[A-Za-z]/;
/** Elements dropped with their content (as DOMPurify does): code, styles and markup that is not text. */
const DROPPED_WITH_CONTENT = new Set(['script', 'style', 'template', 'noscript', 'noembed', 'noframes', 'iframe', 'xmp', 'title', 'textarea', 'svg', 'math']);

type Tag = { name: string; closing: boolean; href: string | undefined; end: number };

/** The markup with only the `allowed` tags (lower-case names), bare; other tags dropped, any other `<` escaped. */
export function keepOnlyTags(html: string, allowed: readonly string[]): string {
  let out = '';
  let at = 0;
  while (at < html.length) {
    const open = html.indexOf('<', at);
    if (open < 0) return out + html.slice(at);
    out += html.slice(at, open);
    const next = html[open + 1] ?? '';
    const closing = next === '/';
    if (LETTER.test(html[open + (closing ? 2 : 1)] ?? '')) {
      const tag = readTag(html, open + (closing ? 2 : 1), closing);
      if (!tag) return out;
      at = tag.end;
      if (allowed.includes(tag.name)) out += serialise(tag);
      else if (!closing && DROPPED_WITH_CONTENT.has(tag.name)) at = endOfElement(html, tag);
    } else if (next === '!' || next === '?' || (closing && open + 2 < html.length)) {
      // A comment, a declaration or a bogus comment: nothing a person reads. `<!-->` is a whole comment.
      const comment = html.startsWith('<!--', open);
      const close = comment ? html.indexOf('-->', open + 2) : html.indexOf('>', open);
      if (close < 0) return out;
      at = close + (comment ? 3 : 1);
    } else {
      out += '&lt;';
      at = open + 1;
    }
  }
  return out;
}

function serialise(tag: Tag): string {
  if (tag.closing) return `</${tag.name}>`;
  return tag.name === 'a' && tag.href !== undefined ? `<a href="${tag.href.replaceAll('"', '&quot;')}">` : `<${tag.name}>`;
}

/** Where the element that `tag` opens ends, after its end tag (or the end of the text without one). */
function endOfElement(html: string, tag: Tag): number {
  const endTag = new RegExp(`</${tag.name}(?=[\\t\\n\\f\\r />])`, 'gi');
  endTag.lastIndex = tag.end;
  const found = endTag.exec(html);
  return found ? (readTag(html, found.index + 2, true)?.end ?? html.length) : html.length;
}

/**
 * Reads a tag from its name (at `from`) to its `>` as the HTML tokenizer does (tag name, attribute name
 * and value states); undefined when the text ends inside it, where the browser drops it too.
 */
function readTag(html: string, from: number, closing: boolean): Tag | undefined {
  let at = from;
  while (at < html.length && !SPACE.test(html[at]!) && html[at] !== '/' && html[at] !== '>') at++;
  const name = asciiLowerCase(html.slice(from, at));
  let href: string | undefined;
  while (at < html.length) {
    const c = html[at]!;
    if (c === '>') return { name, closing, href, end: at + 1 };
    // Between attributes, `/` is as a space (it marks a self-closing tag, which HTML elements ignore).
    if (SPACE.test(c) || c === '/') {
      at++;
      continue;
    }
    // An attribute: its name runs to a space, `/`, `>` or `=` (a leading `=` belongs to the name).
    const nameStart = at;
    at++;
    while (at < html.length && !SPACE.test(html[at]!) && !'/>='.includes(html[at]!)) at++;
    const attribute = asciiLowerCase(html.slice(nameStart, at));
    while (at < html.length && SPACE.test(html[at]!)) at++;
    let value = '';
    if (html[at] === '=') {
      at++;
      while (at < html.length && SPACE.test(html[at]!)) at++;
      const quote = html[at];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, at + 1);
        if (close < 0) return undefined;
        value = html.slice(at + 1, close);
        at = close + 1;
      } else {
        const valueStart = at;
        while (at < html.length && !SPACE.test(html[at]!) && html[at] !== '>') at++;
        value = html.slice(valueStart, at);
      }
    }
    // The first of repeated attributes counts.
    if (attribute === 'href' && href === undefined) href = value;
  }
  return undefined;
}

/** The tokenizer lowers ASCII letters only (JavaScript's toLowerCase would also fold the Kelvin sign into k). */
function asciiLowerCase(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

/** Deeper than any UCWA resource or file of the app nests (they stay under ten levels). */
export const MAX_JSON_DEPTH = 64;

/**
 * Parses JSON text as RFC 8259 lets a parser read it: a leading byte order mark (U+FEFF), which some
 * servers and Windows editors write, is ignored (§8.1), and nesting is limited (§9), checked before
 * parsing, so a small hostile text cannot hold the main process. Throws SyntaxError like JSON.parse.
 */
export function parseJsonText(text: string): unknown {
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  assertDepth(json);
  return JSON.parse(json);
}

/** One pass over the text: brackets outside strings open and close levels. */
function assertDepth(json: string): void {
  let depth = 0;
  let inString = false;
  for (let at = 0; at < json.length; at++) {
    const code = json.charCodeAt(at);
    if (inString) {
      if (code === 0x5c)
        at++; // a backslash escapes the next character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x5b || code === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) throw new SyntaxError(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
    } else if (code === 0x5d || code === 0x7d) {
      depth--;
    }
  }
}

/**
 * Parses JSON text as RFC 8259 lets a parser read it: a leading byte order mark (U+FEFF), which some
 * servers and Windows editors write, is ignored (§8.1). Throws SyntaxError like JSON.parse otherwise.
 */
export function parseJsonText(text: string): unknown {
  return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

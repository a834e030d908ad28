// An HTML instant message as plain text, for where neither its formatting nor its links belong: the ring
// window, a frameless window above full-screen applications, where a caller's link could pass for the
// system's own. The conversation view keeps them (sanitizeMessageHtml.ts).
import { keepOnlyTags } from './tagFilter';

export function messageText(html: string): string {
  // Every tag goes first, as text: a parser that met an inline handler would report it to the page's CSP.
  const text = keepOnlyTags(html, []);
  // Without a DOM (server-side rendering in tests) the text stays as it is, entities and all.
  if (typeof DOMParser === 'undefined') return text;
  // What is left is text and character references; the inert document decodes them.
  return new DOMParser().parseFromString(text, 'text/html').body.textContent ?? '';
}

// HTML instant messages keep their formatting and lose everything active: scripts, event handlers,
// styles, images, forms, and links other than https (which open in the browser, never in the app).
import DOMPurify from 'dompurify';

const FORMATTING = ['b', 'strong', 'i', 'em', 'u', 's', 'br', 'p', 'div', 'span', 'ul', 'ol', 'li', 'blockquote', 'code', 'pre', 'a'];

// Links open in a new window, which the app hands to the system browser (see main/electron/windows.ts).
if (DOMPurify.isSupported) {
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
}

/**
 * Chromium reports a Content-Security-Policy violation for an inline handler or style even while parsing
 * into an inert document (where nothing runs), so those are cut from the text before DOMPurify parses it.
 * This pass is not the safety: DOMPurify is; anything the pass misses is still removed, only noisily.
 */
function withoutInlineCode(html: string): string {
  return html.replace(/<(script|style)\b[\s\S]*?(<\/\1\s*>|$)/gi, '').replace(/\s(on[a-z]+|style)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '');
}

export function sanitizeMessageHtml(html: string): string {
  // Without a DOM (server-side rendering in tests) nothing is parsed: the markup is shown as text.
  if (!DOMPurify.isSupported) return html.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return DOMPurify.sanitize(withoutInlineCode(html), { ALLOWED_TAGS: FORMATTING, ALLOWED_ATTR: ['href'], ALLOWED_URI_REGEXP: /^https:/i });
}

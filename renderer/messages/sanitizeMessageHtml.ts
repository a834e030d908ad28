// HTML instant messages keep their formatting and lose everything active: scripts, event handlers,
// styles, images, forms, and links other than https (which open in the browser, never in the app).
import DOMPurify from 'dompurify';
import { keepOnlyTags } from './tagFilter';

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

export function sanitizeMessageHtml(html: string): string {
  // Without a DOM (server-side rendering in tests) nothing is parsed: the markup is shown as text.
  if (!DOMPurify.isSupported) return html.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return DOMPurify.sanitize(keepOnlyTags(html, FORMATTING), { ALLOWED_TAGS: FORMATTING, ALLOWED_ATTR: ['href'], ALLOWED_URI_REGEXP: /^https:/i });
}

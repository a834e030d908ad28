const DIRECTIVES = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
];

/** The renderer's CSP, sent as a header by the app protocol in Electron and by the browser host. */
export const CONTENT_SECURITY_POLICY = DIRECTIVES.join('; ');

/** The same policy for a <meta> tag, which cannot carry frame-ancestors (browsers ignore it there, with a warning). */
export const META_CONTENT_SECURITY_POLICY = DIRECTIVES.filter((directive) => !directive.startsWith('frame-ancestors')).join('; ');

/**
 * The renderer's index.html with the policy also as a <meta> tag, in place of any there: the page then
 * carries its policy wherever it is served from, and tools that read only the HTML (electronegativity)
 * see the policy the header enforces. renderer/vite.config.ts applies it at build time.
 */
export function withContentSecurityPolicyMeta(html: string): string {
  const tag = `<meta http-equiv="Content-Security-Policy" content="${META_CONTENT_SECURITY_POLICY}" />`;
  const page = html.replace(/<meta\s[^>]*http-equiv=["']?Content-Security-Policy["']?[^>]*>\s*/gi, '');
  // Right after the charset declaration, which stays first; else at the top of <head>. Before any script either way.
  const anchor = [/<meta\s+charset=[^>]*>/i, /<head(?:\s[^>]*)?>/i].find((pattern) => pattern.test(page));
  if (!anchor) throw new Error('The page has no <head> for its Content-Security-Policy');
  return page.replace(anchor, (found) => `${found}\n    ${tag}`);
}

import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { withContentSecurityPolicyMeta } from '../main/pages/contentSecurityPolicy.js';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  // The page carries the same policy as the header the app protocol sends, so it holds wherever the page is loaded.
  plugins: [svelte(), { name: 'content-security-policy-meta', transformIndexHtml: withContentSecurityPolicyMeta }],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: false,
    modulePreload: { polyfill: false },
  },
});

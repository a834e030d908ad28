import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The page-side bridge of the browser host (main/browserHost/): one classic script the host serves beside
// the renderer, run before the app's module.
export default defineConfig({
  build: {
    outDir: fileURLToPath(new URL('../dist/browser', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome130',
    minify: false,
    sourcemap: false,
    lib: {
      entry: fileURLToPath(new URL('./browserBridge.ts', import.meta.url)),
      formats: ['iife'],
      name: 'softphoneBrowserBridge',
      fileName: () => 'softphone-bridge.js',
    },
  },
});

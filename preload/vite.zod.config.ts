import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Replaces tsc's preload/shared/zod/zod.js with one ES module holding the part of zod it exports, without the
// locales every entry of the zod package loads (see preload/shared/zod/zod.ts).
export default defineConfig({
  build: {
    outDir: fileURLToPath(new URL('../dist/node/preload/shared/zod', import.meta.url)),
    emptyOutDir: false,
    target: 'node20',
    minify: false,
    sourcemap: false,
    lib: {
      entry: fileURLToPath(new URL('./shared/zod/zod.ts', import.meta.url)),
      formats: ['es'],
      fileName: () => 'zod.js',
    },
  },
});

// Builds the timeline benchmark page (not part of the product).
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  root: resolve(import.meta.dirname),
  base: './',
  logLevel: 'warn',
  build: { outDir: resolve(import.meta.dirname, '../../out/bench-timeline'), emptyOutDir: true },
});

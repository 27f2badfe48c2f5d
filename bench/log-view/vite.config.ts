// Builds the log-view benchmark page (not part of the product).
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  root: resolve(import.meta.dirname),
  base: './',
  plugins: [react()],
  logLevel: 'warn',
  // Under out/ (ignored by git and lint) like the product's build.
  build: { outDir: resolve(import.meta.dirname, '../../out/bench-log-view'), emptyOutDir: true, minify: process.env.BENCH_MINIFY !== '0' },
});

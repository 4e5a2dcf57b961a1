import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer: built to dist/renderer, loaded from app:// in Electron and from 127.0.0.1 in browser mode.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    // The trainee bundle is measured gzipped by `npm run bench` (target ≤ 300 KB); minified size is not the metric.
    chunkSizeWarningLimit: 800,
  },
});

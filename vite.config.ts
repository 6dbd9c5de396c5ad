import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The renderer bundle. It is loaded from disk by Electron (file://) and over loopback by the
 * end-to-end test host, so every asset path is relative (base './').
 */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // A desktop app reads its bundle from local disk: one larger chunk is fine.
    chunkSizeWarningLimit: 4096,
  },
});

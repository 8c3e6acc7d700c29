import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Assets live under static/ and every URL is relative, so the same build works at / and under
// APP_PREFIX (the server rewrites <base href>).
export default defineConfig({
  plugins: [react()],
  base: './',
  build: {
    outDir: 'dist',
    assetsDir: 'static',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:5000', '/info': 'http://127.0.0.1:5000' },
  },
});

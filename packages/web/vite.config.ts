import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The server serves packages/web/dist at /; in development Vite proxies the API to a locally running server.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  server: {
    proxy: { '/api': 'http://localhost:8080' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
  },
});

// Studio build: `npm run build:studio` → studio/dist (served by the API server at /);
// `npm run dev` → this dev server with hot reload, proxying /api to the API server.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.CRM_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The record page (rjsf + ajv), the board and the calendar are separate chunks; this only
    // keeps the warning for chunks that are really too large.
    chunkSizeWarningLimit: 700,
  },
  server: {
    port: Number(process.env.STUDIO_PORT ?? 5173),
    proxy: { '/api': { target: api, changeOrigin: false } },
  },
});

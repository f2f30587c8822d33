import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const web = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('..', import.meta.url));

/**
 * The browser app: sources in `web/`, built into `dist/web/` (`npm run build:web`), served by the
 * server at `/`. In development the server runs this same config in middleware mode.
 */
export default defineConfig({
  root: web,
  base: '/',
  publicDir: 'public',
  clearScreen: false,
  build: {
    outDir: `${repo}dist/web`,
    emptyOutDir: true,
    target: 'es2022',
    // The size budget is checked by `npm run bench:web`, not by a warning.
    chunkSizeWarningLimit: 1000,
  },
  server: {
    // Only what the app imports may be read through the dev server: never the data folder
    // (database, development signing keys) or anything else of the checkout.
    fs: {
      strict: true,
      allow: [web, `${repo}client-sdk`, `${repo}schema`, `${repo}node_modules`],
    },
  },
});

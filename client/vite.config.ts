import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

/** Where `pnpm dev` forwards API and sync traffic: the server's default address. */
const SERVER = 'http://127.0.0.1:3000'

const SHARED_SRC = fileURLToPath(new URL('../shared/src/', import.meta.url))
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

export default defineConfig({
  plugins: [react()],
  resolve: {
    // Two copies of yjs break `instanceof` checks and corrupt documents: force one.
    dedupe: ['yjs', 'y-protocols', 'lib0'],
  },
  optimizeDeps: {
    // Pre-bundling @tldraw/assets makes the Vite 8 dev server fail on its `?url` imports.
    exclude: ['@tldraw/assets'],
  },
  server: {
    proxy: {
      '/api': SERVER,
      '/sync': { target: SERVER, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    // The board chunk is tldraw (~1.9 MB). It is lazy-loaded, so the lobby never pays for it.
    chunkSizeWarningLimit: 2500,
    // No asset becomes a data: URL: tldraw fetch()es its translations, and the server's
    // Content-Security-Policy (connect-src 'self') refuses to fetch data: URLs.
    assetsInlineLimit: 0,
    rolldownOptions: {
      treeshake: {
        // @threatboard/shared's modules only declare things. Saying so lets the lobby import
        // `isRoomId` without also bundling the tldraw schema that the package index re-exports.
        moduleSideEffects: [
          { test: new RegExp(`^${escapeRegExp(SHARED_SRC)}`), sideEffects: false },
        ],
      },
    },
  },
})

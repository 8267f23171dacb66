import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import { precompress } from './precompress.ts'

/** Where `pnpm dev` forwards API and sync traffic: the server's default address. */
const SERVER = 'http://127.0.0.1:3000'

const SHARED_SRC = fileURLToPath(new URL('../shared/src/', import.meta.url))
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A dependency's module, by package name, wherever pnpm put it. */
const inPackage = (...names: string[]) =>
  new RegExp(`[\\/]node_modules[\\/](${names.map(escapeRegExp).join('|')})[\\/]`)

/**
 * Libraries in chunks of their own, named after them: a release that changes only our code
 * leaves their hashed URLs, and so the browsers' cached copies, as they were. The lobby loads
 * `react` and `zod`; the board adds `yjs` and `tldraw` (tldraw and everything else it brings:
 * tiptap, prosemirror, …). Order is priority: the first group a module matches wins.
 */
const VENDOR_CHUNKS: [name: string, test: RegExp][] = [
  ['react', inPackage('react', 'react-dom', 'scheduler')],
  ['zod', inPackage('zod')],
  ['yjs', inPackage('yjs', 'y-protocols', 'y-websocket', 'lib0')],
  ['tldraw', /[\\/]node_modules[\\/]/],
]

export default defineConfig({
  plugins: [react(), precompress()],
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
    // The tldraw chunk is ~1.6 MB (~0.4 MB as Brotli). The board that needs it is lazy-loaded,
    // so the lobby never pays for it.
    chunkSizeWarningLimit: 2000,
    // No asset becomes a data: URL: tldraw fetch()es its translations, and the server's
    // Content-Security-Policy (connect-src 'self') refuses to fetch data: URLs.
    assetsInlineLimit: 0,
    rolldownOptions: {
      // The Brotli step (precompress.ts) is knowingly the slowest part of a build (~3 s on two
      // idle cores); Rolldown's report saying so on every build is noise.
      checks: { bundlerTimings: false },
      output: {
        codeSplitting: {
          groups: [
            // Vite's helper behind every dynamic import, the lobby's too. Left to Rolldown, it went
            // into the tldraw chunk, which the lobby then loaded to get it.
            { name: 'preload', test: /vite\/preload-helper/, priority: VENDOR_CHUNKS.length + 1 },
            ...VENDOR_CHUNKS.map(([name, test], i) => ({
              name,
              test,
              priority: VENDOR_CHUNKS.length - i,
            })),
          ],
        },
      },
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

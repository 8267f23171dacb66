import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

const CLIENT = fileURLToPath(new URL('..', import.meta.url))
const SHARED_SRC = path.join(CLIENT, '..', 'shared', 'src')
const BUILT = path.join(CLIENT, 'dist', 'index.html')
const SERVER = path.join(CLIENT, '..', 'server')
const SERVER_BUILT = path.join(SERVER, 'dist', 'main.js')

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0
  const stat = statSync(entry)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(0, ...readdirSync(entry).map((name) => newestMtime(path.join(entry, name))))
}

/**
 * The e2e tests run the real server as `pnpm start` does (bundled), serving the built client.
 * Build each once, and only when a source is newer than the last build (so `pnpm e2e` right
 * after `pnpm build` starts at once).
 */
export default async function setup(): Promise<void> {
  const serverSources = ['src', 'bundle.ts', 'package.json'].map((p) => path.join(SERVER, p))
  if (newestMtime(SERVER_BUILT) <= Math.max(...[...serverSources, SHARED_SRC].map(newestMtime))) {
    execFileSync(process.execPath, [path.join(SERVER, 'bundle.ts')], { stdio: 'inherit' })
  }
  await buildClient()
}

async function buildClient(): Promise<void> {
  const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) =>
    path.join(CLIENT, p),
  )
  const newestSource = Math.max(...[...sources, SHARED_SRC].map(newestMtime))
  if (newestMtime(BUILT) > newestSource) return
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({ root: CLIENT, configFile: path.join(CLIENT, 'vite.config.ts'), logLevel: 'warn' })
  } finally {
    process.env.NODE_ENV = nodeEnv
  }
}

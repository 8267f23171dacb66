// What the browser benchmarks share: the client built as `pnpm build` builds it, the real server
// (its own process) serving it, Debian's Chromium, and a Threat Dragon model imported through the
// API with its editor's invite link.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { launchBrowser } from '../shared/src/testing/browser.ts'
import { startBenchServer, type BenchServer } from './benchServer.ts'

/** Builds every package (the client's bundle is what the server serves). */
export function buildClient(): void {
  const result = spawnSync('pnpm', ['build'], {
    cwd: path.join(import.meta.dirname, '..'),
    stdio: 'inherit',
  })
  if (result.status !== 0) throw new Error('pnpm build failed')
}

export interface BrowserBench {
  server: BenchServer
  browser: Browser
  /** Closes the browser, then stops the server. */
  stop(): Promise<void>
}

/** Starts the server (with `env` added to its environment) and a headless Chromium. */
export async function serveToBrowser(env: Record<string, string>): Promise<BrowserBench> {
  const server = await startBenchServer(env)
  const browser = await launchBrowser().catch(async (err: unknown) => {
    await server.stop()
    throw err
  })
  return {
    server,
    browser,
    async stop() {
      await browser.close()
      await server.stop()
    },
  }
}

export interface ImportedRoom {
  id: string
  tokens: { editor: string }
}

/** Imports a Threat Dragon model as a new room through the API. */
export async function importThreatDragon(
  server: BenchServer,
  model: object,
): Promise<ImportedRoom> {
  const res = await fetch(`${server.base}/api/rooms/import?format=threat-dragon`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(model),
  })
  if (res.status !== 201) throw new Error(`import: ${res.status} ${await res.text()}`)
  return (await res.json()) as ImportedRoom
}

/** The editor's invite link, as the share dialog gives it. */
export const inviteLink = (server: BenchServer, room: ImportedRoom) =>
  `${server.base}/r/${room.id}#token=${encodeURIComponent(room.tokens.editor)}`

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

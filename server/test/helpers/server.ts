import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import type { RoomStore } from '../../src/persistence/RoomStore.ts'

export interface TestServer {
  app: FastifyInstance
  url: string
  wsBase: string
  dataDir: string
  close(): Promise<void>
}

export function tempDataDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'threatboard-test-'))
}

/** The real server, in process, on a free port. `env` overrides config variables. */
export async function startServer(
  opts: { dataDir?: string; env?: Record<string, string>; store?: RoomStore } = {},
): Promise<TestServer> {
  const dataDir = opts.dataDir ?? tempDataDir()
  const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...opts.env })
  const app = await buildApp({ config, store: opts.store })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    wsBase: `ws://127.0.0.1:${port}`,
    dataDir,
    close: () => app.close(),
  }
}

export async function createRoom(url: string, title = 'Test room'): Promise<string> {
  const res = await fetch(`${url}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  })
  if (res.status !== 201) throw new Error(`create room: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { id: string }).id
}

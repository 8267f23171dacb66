import { afterEach, describe, expect, it } from 'vitest'
import { CloseCode } from '@threatboard/shared'
import { connectSynced, items, type TestClient } from './helpers/clients.ts'
import { waitFor } from './helpers/poll.ts'
import {
  TEST_DATABASE_URL,
  freshSchemas,
  postgresEnv,
  postgresForTests,
} from './helpers/postgres.ts'
import { spawnServer, stopProcess, type ServerProcess } from './helpers/process.ts'
import { createRoom, createRoomFull } from './helpers/server.ts'
import { TcpProxy } from './helpers/tcpProxy.ts'

const run = await postgresForTests('postgres.test')

/** Several processes start at once on a loaded machine: give each a minute. */
const start = (env: Record<string, string>) => spawnServer(env, { timeoutMs: 60_000 })

/**
 * Server processes on PostgreSQL (DATABASE_URL), as a deployment runs them: several on one
 * database, none holding it exclusively, each serving what the others committed.
 */
describe.skipIf(!run)('server processes on PostgreSQL', { timeout: 120_000 }, () => {
  const procs: ServerProcess[] = []
  const clients: TestClient[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    for (const p of procs.splice(0)) await stopProcess(p, 'SIGKILL')
  })
  const schema = freshSchemas('server')
  const database = () => postgresEnv(schema())

  it('keeps every update another client received when its node is SIGKILLed; another node serves them', async () => {
    const env = database()
    // Both start on an empty schema at once: one migrates, the other waits for it.
    const [first, second] = await Promise.all([start(env), start(env)])
    procs.push(first, second)
    const id = await createRoom(first.url)
    const writer = await connectSynced(first.wsBase, id)
    const observer = await connectSynced(first.wsBase, id)
    clients.push(writer, observer)

    // What the observer received, the first node relayed: it was committed to PostgreSQL.
    const seen = new Set<string>()
    items(observer).observe((event) => {
      for (const key of event.keysChanged) seen.add(key)
    })
    let n = 0
    const writing = setInterval(() => items(writer).set(`u${n++}`, n), 5)
    await waitFor(() => seen.size >= 150, '150 acknowledged updates', 15_000)
    clearInterval(writing)
    const acknowledged = [...seen]
    await stopProcess(first, 'SIGKILL')
    writer.destroy()

    // A fresh client on the other node has nothing of its own: it shows what the database holds.
    const reader = await connectSynced(second.wsBase, id)
    clients.push(reader)
    expect(acknowledged.filter((key) => !items(reader).has(key))).toEqual([])
  })

  it('refuses changes while PostgreSQL is unreachable, keeps what it acknowledged, and resumes by itself', async () => {
    const db = new URL(TEST_DATABASE_URL)
    const proxy = await TcpProxy.start({ host: db.hostname, port: Number(db.port || 5432) })
    const direct = database()
    const viaProxy = new URL(TEST_DATABASE_URL)
    viaProxy.host = `127.0.0.1:${proxy.port}`
    const node = await start({
      ...direct,
      DATABASE_URL: viaProxy.toString(),
      STORE_RETRY_MS: '100',
    })
    procs.push(node)
    try {
      const { id, tokens } = await createRoomFull(node.url)
      const writer = await connectSynced(node.wsBase, id, tokens.editor)
      const observer = await connectSynced(node.wsBase, id, tokens.viewer)
      clients.push(writer, observer)
      for (let i = 0; i < 5; i++) items(writer).set(`before${i}`, i)
      await waitFor(() => items(observer).has('before4'), 'edits before the outage relayed')

      await proxy.cut()
      items(writer).set('during', 1)
      await waitFor(
        () => writer.closes.includes(CloseCode.STORE_UNAVAILABLE),
        'writer told 4507',
        15_000,
      )
      expect(items(observer).has('during')).toBe(false)

      await proxy.restore()
      // The writer's provider reconnects by itself and sends what it kept.
      await waitFor(() => items(observer).has('during'), 'the kept edit relayed', 15_000)
      await stopProcess(node, 'SIGKILL')

      const after = await start(direct)
      procs.push(after)
      const reader = await connectSynced(after.wsBase, id, tokens.viewer)
      clients.push(reader)
      expect([...items(reader).keys()].sort()).toEqual(
        ['during', ...[0, 1, 2, 3, 4].map((i) => `before${i}`)].sort(),
      )
    } finally {
      await proxy.cut()
    }
  })

  it('refuses to start when PostgreSQL cannot be reached, naming it without the password', async () => {
    const failed = await start({
      DATABASE_URL: 'postgres://threatboard:hunter2@127.0.0.1:1/boards',
    }).then(
      (p) => (procs.push(p), 'started'),
      (err: Error) => err.message,
    )
    expect(failed).toMatch(/server exited \(3\)/)
    expect(failed).toContain('Cannot start: cannot open PostgreSQL at 127.0.0.1:1/boards')
    expect(failed).not.toContain('hunter2')
  })
})

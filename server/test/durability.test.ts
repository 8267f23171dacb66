import * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import { CloseCode } from '@threatboard/shared'
import type { RoomStore } from '../src/persistence/RoomStore.ts'
import { applyStoredDoc } from '../src/persistence/DocStore.ts'
import { SqliteRoomStore } from '../src/persistence/SqliteRoomStore.ts'
import { connectSynced, items, type TestClient } from './helpers/clients.ts'
import { pause, waitFor } from './helpers/poll.ts'
import { spawnServer, stopProcess, type ServerProcess } from './helpers/process.ts'
import {
  createRoomFull,
  startServer,
  tempDataDir,
  type TestServer,
  type Tokens,
} from './helpers/server.ts'

/**
 * A real SQLite store that can be told to refuse every write of a room's document, as a full
 * disk or an I/O error would. Injected through the app's `store` option; reads still work.
 */
class FailingStore {
  failWrites = false
  readonly inner: SqliteRoomStore
  readonly store: RoomStore
  constructor(dir: string) {
    this.inner = new SqliteRoomStore(dir)
    this.store = new Proxy(this.inner, {
      get: (target, key) => {
        if (this.failWrites && (key === 'appendUpdates' || key === 'compact')) {
          return () =>
            Promise.reject(Object.assign(new Error('database or disk is full'), { errcode: 13 }))
        }
        const value = Reflect.get(target, key) as unknown
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
  }
}

describe('durability', () => {
  const procs: ServerProcess[] = []
  const clients: TestClient[] = []
  const servers: TestServer[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    for (const p of procs.splice(0)) await stopProcess(p, 'SIGKILL')
    for (const s of servers.splice(0)) await s.close()
  })
  const track = (c: TestClient) => (clients.push(c), c)

  it('keeps every update another client saw when the server is frozen, then SIGKILLed', async () => {
    const dataDir = tempDataDir()
    const first = await spawnServer({ DATA_DIR: dataDir })
    procs.push(first)
    const { id, tokens } = await createRoomFull(first.url)
    const writer = track(await connectSynced(first.wsBase, id, tokens.editor))
    const observer = track(await connectSynced(first.wsBase, id, tokens.viewer))
    // What the observer received, the server relayed: "acknowledged".
    const seen = new Set<string>()
    items(observer).observe((event) => {
      for (const key of event.keysChanged) seen.add(key)
    })
    let n = 0
    const writing = setInterval(() => items(writer).set(`u${n++}`, n), 2)
    await waitFor(() => seen.size >= 150, '150 acknowledged updates', 15_000)
    // Freeze the server mid-stream: no timer can run, as when a long render blocks its loop.
    first.child.kill('SIGSTOP')
    clearInterval(writing)
    await pause(500)
    const acknowledged = [...seen]
    await stopProcess(first, 'SIGKILL')

    const second = await spawnServer({ DATA_DIR: dataDir })
    procs.push(second)
    // A fresh client: it has nothing of its own to send, so it shows only what is on disk.
    const reader = track(await connectSynced(second.wsBase, id, tokens.viewer))
    const lost = acknowledged.filter((key) => !items(reader).has(key))
    expect(lost).toEqual([])
  })

  it('refuses changes while the store fails, tells the writers, and resumes by itself', async () => {
    const dataDir = tempDataDir()
    const failing = new FailingStore(dataDir)
    const s = await startServer({
      dataDir,
      store: failing.store,
      env: { STORE_RETRY_MS: '100' },
    })
    servers.push(s)
    const { id, tokens } = await createRoomFull(s.url)
    const writer = track(await connectSynced(s.wsBase, id, tokens.editor))
    const observer = track(await connectSynced(s.wsBase, id, tokens.viewer))
    for (let i = 0; i < 5; i++) items(writer).set(`before${i}`, i)
    await waitFor(() => items(observer).has('before4'), 'edits before the failure relayed')

    failing.failWrites = true
    items(writer).set('during0', 0)
    await waitFor(() => writer.closes.includes(CloseCode.STORE_UNAVAILABLE), 'writer told 4507')
    items(writer).set('during1', 1)
    const ready = await fetch(`${s.url}/readyz`)
    expect(ready.status).toBe(503)
    expect(await ready.json()).toMatchObject({ status: 'unavailable', store: 'failing' })
    const hint = await postHint(s.url, id, tokens)
    expect(hint.status).toBe(503)
    expect((await hint.json()).error.code).toBe('UNAVAILABLE')
    // Several reconnects happen meanwhile; none gets a change through.
    await pause(800)
    expect(writer.closes.filter((c) => c === CloseCode.STORE_UNAVAILABLE).length).toBeGreaterThan(1)
    expect([...items(observer).keys()].filter((k) => k.startsWith('during'))).toEqual([])
    // What was acknowledged is on disk (the store's own committed state).
    const stored = (await failing.inner.loadDoc(id))!
    const onDisk = new Y.Doc()
    applyStoredDoc(onDisk, stored)
    expect([...onDisk.getMap('test-items').keys()].sort()).toEqual(
      [0, 1, 2, 3, 4].map((i) => `before${i}`),
    )

    failing.failWrites = false
    await waitFor(
      () => items(observer).has('during0') && items(observer).has('during1'),
      'the changes made while failing to arrive once the store works',
    )
    items(writer).set('after', 1)
    await waitFor(() => items(observer).has('after'), 'a later edit relayed')
    expect(await (await fetch(`${s.url}/readyz`)).json()).toEqual({ status: 'ok' })
    await s.close()
    servers.splice(0)

    const again = await startServer({ dataDir })
    servers.push(again)
    const reader = track(await connectSynced(again.wsBase, id, tokens.viewer))
    const keys = [...items(reader).keys()].sort()
    expect(keys).toEqual(
      ['after', 'during0', 'during1', ...[0, 1, 2, 3, 4].map((i) => `before${i}`)].sort(),
    )
  })
})

function postHint(url: string, id: string, tokens: Tokens) {
  return fetch(`${url}/api/rooms/${id}/hints`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.observer}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      text: 'Who can call this endpoint?',
      author: 'Sam (security)',
      target: { kind: 'board' },
    }),
  })
}

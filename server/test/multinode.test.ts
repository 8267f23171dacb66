import { randomBytes } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { CloseCode, readCollection } from '@threatboard/shared'
import { MemoryRoomStore } from '../src/persistence/MemoryRoomStore.ts'
import type { RoomStore } from '../src/persistence/RoomStore.ts'
import { LocalBus, LocalFanout } from '../src/scale/LocalFanout.ts'
import { connectClient, connectSynced, items, type TestClient } from './helpers/clients.ts'
import { waitFor } from './helpers/poll.ts'
import { Balancer } from './helpers/balancer.ts'
import { freshSchemas, postgresEnv, postgresForTests } from './helpers/postgres.ts'
import { spawnServer, stopProcess, type ServerProcess } from './helpers/process.ts'
import { haveRedisServer, PrivateRedis } from './helpers/redis.ts'
import { createRoomFull, startServer, type TestServer } from './helpers/server.ts'

const names = (c: TestClient) =>
  [...c.provider.awareness.getStates().values()].map((st) => st.user?.name as unknown)

async function readyz(s: TestServer): Promise<string> {
  return ((await (await fetch(`${s.url}/readyz`)).json()) as { status: string }).status
}

/**
 * Several nodes of one cluster, in this process: one shared store, each node with its own
 * connections to a Redis of the test's own (so the test can kill and restart it). Stock
 * y-websocket clients spread over the nodes must see one room.
 */
describe.skipIf(!haveRedisServer())('nodes sharing a store and Redis', () => {
  let redis: PrivateRedis
  const nodes: TestServer[] = []
  const clients: TestClient[] = []
  const track = (c: TestClient) => (clients.push(c), c)

  beforeAll(async () => {
    redis = await PrivateRedis.start()
  })
  afterAll(async () => {
    await redis.stop()
  })
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    for (const n of nodes.splice(0)) await n.close()
    await redis.restart()
  })

  /** `n` nodes on one store and one Redis, under a key prefix of this run's own. */
  async function cluster(
    n: number,
    extraEnv: Record<string, string> = {},
    store: RoomStore = new MemoryRoomStore(),
  ): Promise<TestServer[]> {
    const added: TestServer[] = []
    const prefix = `tb-test-${randomBytes(4).toString('hex')}:`
    for (let i = 0; i < n; i++) {
      const env = {
        REDIS_URL: redis.url,
        REDIS_KEY_PREFIX: prefix,
        NODE_ID: `node${i + 1}`,
        ...extraEnv,
      }
      added.push(await startServer({ store, env }))
    }
    nodes.push(...added)
    await waitFor(async () => {
      for (const node of added) if ((await readyz(node)) !== 'ok') return false
      return true
    }, 'every node to reach redis')
    return added
  }

  const call = (s: TestServer, roomId: string, token: string, path: string, init?: RequestInit) =>
    fetch(`${s.url}/api/rooms/${roomId}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        ...(init?.body ? { 'content-type': 'application/json' } : {}),
      },
    })

  it('clients on different nodes converge and see each other’s presence', async () => {
    const [a, b, c] = await cluster(3)
    const r = await createRoomFull(a!.url)
    const onA = track(await connectSynced(a!.wsBase, r.id, r.tokens.editor))
    const onB = track(await connectSynced(b!.wsBase, r.id, r.tokens.editor))
    const onC = track(await connectSynced(c!.wsBase, r.id, r.tokens.editor))
    for (let i = 0; i < 20; i++) {
      items(onA).set(`a${i}`, i)
      items(onB).set(`b${i}`, i)
      items(onC).set(`c${i}`, i)
    }
    for (const client of [onA, onB, onC]) {
      await waitFor(() => items(client).size === 60, 'every client to hold all 60 edits')
    }
    // Each edit was stored once, by the node that accepted it, not again by the others.
    const stored = await a!.app.store.loadDoc(r.id)
    expect(stored!.updates.length).toBe(60)
    onA.provider.awareness.setLocalStateField('user', { name: 'Ada' })
    onC.provider.awareness.setLocalStateField('user', { name: 'Cy' })
    await waitFor(() => names(onB).includes('Ada') && names(onB).includes('Cy'), 'B sees A and C')
    await waitFor(() => names(onA).includes('Cy'), 'A sees C')
    // Node B applied what A and C published, and measured how long it took to arrive.
    const metrics = await (await fetch(`${b!.url}/metrics`)).text()
    expect(metrics).toMatch(/^threatboard_updates_total\{source="fanout"\} 40$/m)
    expect(metrics).toMatch(/^threatboard_fanout_lag_seconds_count [1-9]/m)
    // Leaving removes the cursor on the other nodes too.
    onA.provider.disconnect()
    await waitFor(() => !names(onB).includes('Ada') && !names(onC).includes('Ada'), 'Ada gone')
  })

  it('a late node catches up from the store before serving its first client', async () => {
    const [a, b] = await cluster(2)
    const r = await createRoomFull(a!.url)
    const writer = track(await connectSynced(a!.wsBase, r.id, r.tokens.editor))
    const seen = track(await connectSynced(a!.wsBase, r.id, r.tokens.editor))
    for (let i = 0; i < 50; i++) items(writer).set(`k${i}`, i)
    // Relayed means committed: node A has stored all 50.
    await waitFor(() => items(seen).size === 50, 'node A to accept all 50')
    const late = track(await connectSynced(b!.wsBase, r.id, r.tokens.editor))
    expect(items(late).size).toBe(50)
  })

  it('nodes compacting one shared log as they write lose nothing', async () => {
    const [a, b] = await cluster(2, { COMPACT_AFTER_UPDATES: '10' })
    const r = await createRoomFull(a!.url)
    const onA = track(await connectSynced(a!.wsBase, r.id, r.tokens.editor))
    const onB = track(await connectSynced(b!.wsBase, r.id, r.tokens.editor))
    for (let i = 0; i < 200; i++) {
      items(onA).set(`a${i}`, i)
      items(onB).set(`b${i}`, i)
      if (i % 20 === 19) await new Promise((resolve) => setImmediate(resolve))
    }
    for (const client of [onA, onB]) {
      await waitFor(() => items(client).size === 400, 'both clients to hold all 400 edits')
    }
    await Promise.all(nodes.map((n) => n.app.rooms.flushAll()))
    // What the store holds after all those compactions, read by a node that had none of it.
    const [fresh] = await cluster(1, {}, a!.app.store)
    const reader = track(await connectSynced(fresh!.wsBase, r.id, r.tokens.editor))
    const missing = [...items(onA).keys()].filter((k) => !items(reader).has(k))
    expect(missing).toEqual([])
  })

  it('an HTTP write on one node reaches clients on another, once', async () => {
    const [a, b] = await cluster(2)
    const r = await createRoomFull(a!.url)
    const editor = track(await connectSynced(a!.wsBase, r.id, r.tokens.editor))
    const res = await call(b!, r.id, r.tokens.observer, '/hints', {
      method: 'POST',
      body: JSON.stringify({
        text: 'Who can call this?',
        author: 'Sam',
        target: { kind: 'board' },
      }),
    })
    expect(res.status).toBe(201)
    await waitFor(() => readCollection(editor.doc, 'hints').length === 1, 'the hint on node A')
  })

  it('counts rate limits across nodes', async () => {
    const [a, b] = await cluster(2, { RATE_LIMIT_CREATE_PER_MIN: '2' })
    await createRoomFull(a!.url)
    await createRoomFull(b!.url)
    // Two rooms were made, one on each node: the third, on either, is over the shared limit.
    const res = await fetch(`${a!.url}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'One too many' }),
    })
    expect(res.status).toBe(429)
  })

  it('a token revoked on node 2 closes its socket on node 1 within a second', async () => {
    const [a, b] = await cluster(2)
    const r = await createRoomFull(a!.url)
    const observer = track(connectClient(a!.wsBase, r.id, { token: r.tokens.observer }))
    await waitFor(() => observer.provider.synced, 'observer synced on node 1')
    const editor = track(await connectSynced(a!.wsBase, r.id, r.tokens.editor))
    const res = await call(b!, r.id, r.tokens.owner, '/tokens/observer', { method: 'DELETE' })
    expect(res.status).toBe(204)
    await waitFor(
      () => observer.closes.includes(CloseCode.TOKEN_REVOKED),
      'the revoked socket on node 1 to close',
      1000,
    )
    observer.provider.shouldConnect = false
    expect(editor.closes).toEqual([])
  })

  it('deleting the room on one node closes its sockets on every node', async () => {
    const [a, b] = await cluster(2)
    const r = await createRoomFull(a!.url)
    const onA = track(await connectSynced(a!.wsBase, r.id, r.tokens.editor))
    const res = await call(b!, r.id, r.tokens.owner, '', { method: 'DELETE' })
    expect(res.status).toBe(204)
    await waitFor(() => onA.closes.includes(CloseCode.ROOM_NOT_FOUND), 'socket on A closed')
  })

  it('an observer’s write through node 2 is dropped on every node', async () => {
    const [a, b] = await cluster(2)
    const r = await createRoomFull(a!.url)
    const onA = track(await connectSynced(a!.wsBase, r.id, r.tokens.editor))
    const observer = track(connectClient(b!.wsBase, r.id, { token: r.tokens.observer }))
    await waitFor(() => observer.provider.synced, 'observer synced on node 2')
    const editorOnB = track(await connectSynced(b!.wsBase, r.id, r.tokens.editor))
    items(observer).set('forged', 'by an observer')
    // The editor's later write through the same node arriving proves the observer's went first.
    items(editorOnB).set('after', 1)
    await waitFor(() => items(onA).has('after'), 'the editor’s write on node 1')
    expect(items(onA).has('forged')).toBe(false)
    expect(items(editorOnB).has('forged')).toBe(false)
  })

  it('keeps serving while Redis is down and converges again when it is back', async () => {
    const [a, b] = await cluster(2)
    const r = await createRoomFull(a!.url)
    const onA = track(await connectSynced(a!.wsBase, r.id, r.tokens.editor))
    const onB = track(await connectSynced(b!.wsBase, r.id, r.tokens.editor))
    onB.provider.awareness.setLocalStateField('user', { name: 'Bo' })
    await waitFor(() => names(onA).includes('Bo'), 'A sees Bo')
    items(onA).set('before', 1)
    await waitFor(() => items(onB).has('before'), 'B has the first edit')

    await redis.stop()
    await waitFor(async () => (await readyz(a!)) === 'degraded', 'node A degraded')
    await waitFor(async () => (await readyz(b!)) === 'degraded', 'node B degraded')
    // Each node still serves its own clients: a second client on A sees A's edits at once.
    const alsoOnA = track(await connectSynced(a!.wsBase, r.id, r.tokens.editor))
    for (let i = 0; i < 10; i++) {
      items(onA).set(`down-a${i}`, i)
      items(onB).set(`down-b${i}`, i)
    }
    await waitFor(() => items(alsoOnA).has('down-a9'), 'a local client sees A’s edits')

    await redis.restart()
    await waitFor(async () => (await readyz(a!)) === 'ok', 'node A ready again', 15_000)
    await waitFor(async () => (await readyz(b!)) === 'ok', 'node B ready again', 15_000)
    for (const client of [onA, onB, alsoOnA]) {
      await waitFor(
        () => items(client).has('down-a9') && items(client).has('down-b9'),
        'every client to hold the edits made while Redis was down',
        15_000,
      )
    }
    items(onB).set('after', 1)
    await waitFor(() => items(onA).has('after'), 'live fan-out resumed')
    await waitFor(() => names(onA).includes('Bo'), 'presence across nodes again')
  })
})

describe('compaction of a log other nodes write to', () => {
  const nodes: TestServer[] = []
  const clients: TestClient[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    for (const n of nodes.splice(0)) await n.close()
  })

  it('keeps another node’s entry that has not reached the compacting node yet', async () => {
    // Two nodes on one store whose buses do not reach each other: every message between them
    // is still in flight, the worst case of a compaction racing the bus.
    const store = new MemoryRoomStore()
    for (const node of ['node1', 'node2']) {
      const fanout = new LocalFanout(node, new LocalBus())
      nodes.push(await startServer({ store, fanout, env: { NODE_ID: node } }))
    }
    const [a, b] = nodes
    const r = await createRoomFull(a!.url)
    const onA = await connectSynced(a!.wsBase, r.id, r.tokens.editor)
    const seenOnA = await connectSynced(a!.wsBase, r.id, r.tokens.editor)
    const onB = await connectSynced(b!.wsBase, r.id, r.tokens.editor)
    const seenOnB = await connectSynced(b!.wsBase, r.id, r.tokens.editor)
    clients.push(onA, seenOnA, onB, seenOnB)
    items(onA).set('from-a', 1)
    await waitFor(() => items(seenOnA).has('from-a'), 'node 1 to store its edit')
    items(onB).set('from-b', 1)
    await waitFor(() => items(seenOnB).has('from-b'), 'node 2 to store its edit, numbered after')
    // Node 2 folds the log up to its own last entry, which is numbered after node 1's.
    await b!.app.rooms.flushAll()
    for (const c of clients.splice(0)) c.destroy()
    for (const n of nodes.splice(0)) await n.close()
    const reader = await startServer({ store })
    nodes.push(reader)
    const check = await connectSynced(reader.wsBase, r.id, r.tokens.editor)
    clients.push(check)
    expect(items(check).get('from-a')).toBe(1)
    expect(items(check).get('from-b')).toBe(1)
  })
})

const withPostgres = await postgresForTests('multinode (processes)')

/**
 * Real server processes on one PostgreSQL and one Redis, behind a load balancer, as deployed:
 * a node killed mid-edit loses nothing that anyone saw accepted, and its clients carry on
 * through another node.
 */
describe.skipIf(!withPostgres || !haveRedisServer())(
  'node processes on PostgreSQL and Redis',
  () => {
    let redis: PrivateRedis
    const procs: ServerProcess[] = []
    const clients: TestClient[] = []
    const schemaName = freshSchemas('multinode')
    let balancer: Balancer | undefined

    beforeAll(async () => {
      redis = await PrivateRedis.start()
    })
    afterAll(async () => {
      await redis.stop()
    })
    afterEach(async () => {
      for (const c of clients.splice(0)) c.destroy()
      await balancer?.close()
      for (const p of procs.splice(0)) await stopProcess(p, 'SIGKILL')
    })

    async function node(name: string, schema: string, prefix: string): Promise<ServerProcess> {
      // Start-up is slow on a loaded machine: bounds that hold there, not a speed check.
      const proc = await spawnServer(
        { ...postgresEnv(schema), REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix, NODE_ID: name },
        { timeoutMs: 60_000 },
      )
      procs.push(proc)
      return proc
    }

    it('a node killed mid-edit loses nothing accepted; its clients carry on through another', async () => {
      const schema = schemaName()
      const prefix = `tb-test-${randomBytes(4).toString('hex')}:`
      const [one, two] = await Promise.all([node('n1', schema, prefix), node('n2', schema, prefix)])
      const r = await createRoomFull(one!.url)
      balancer = await Balancer.start([one!, two!].map((p) => Number(new URL(p.url).port)))
      // Turn by turn: the writer lands on node 1, the observer on node 2.
      const writer = connectClient(balancer.wsBase, r.id, { token: r.tokens.editor })
      clients.push(writer)
      await waitFor(() => writer.provider.synced, 'writer synced (node 1)')
      const observer = connectClient(balancer.wsBase, r.id, { token: r.tokens.editor })
      clients.push(observer)
      await waitFor(() => observer.provider.synced, 'observer synced (node 2)')
      writer.provider.awareness.setLocalStateField('user', { name: 'Wren' })
      await waitFor(() => names(observer).includes('Wren'), 'presence from node 1 on node 2')

      // What the observer receives crossed from node 1 to node 2: node 1 stored it first.
      const accepted = new Set<string>()
      items(observer).observe((event) => {
        for (const key of event.keysChanged) accepted.add(key)
      })
      let n = 0
      const writing = setInterval(() => items(writer).set(`u${n++}`, n), 5)
      try {
        await waitFor(() => accepted.size >= 100, '100 edits to reach node 2', 20_000)
        await stopProcess(one!, 'SIGKILL')
        const seenAtKill = [...accepted]
        // The writer reconnects through the balancer to node 2 and keeps writing.
        await waitFor(() => writer.closes.length > 0, 'the writer to lose node 1', 15_000)
        await waitFor(() => writer.provider.wsconnected, 'the writer back, on node 2', 15_000)
        const resumedAt = n
        await waitFor(() => n > resumedAt + 20, 'more edits after the failover', 15_000)
        clearInterval(writing)
        // Everything the writer holds — including edits made while node 1 died — reaches node 2.
        await waitFor(
          () => [...items(writer).keys()].every((k) => items(observer).has(k)),
          'the observer to hold every edit the writer made',
          15_000,
        )
        // And a fresh node reading PostgreSQL has everything the observer saw accepted before the kill.
        const three = await node('n3', schema, prefix)
        const reader = await connectSynced(three.wsBase, r.id, r.tokens.editor)
        clients.push(reader)
        expect(seenAtKill.filter((k) => !items(reader).has(k))).toEqual([])
      } finally {
        clearInterval(writing)
      }
    }, 240_000)

    it('between processes: an observer’s write is dropped, a revocation on node 2 closes node 1’s socket within a second, and a Redis restart mid-session heals', async () => {
      const schema = schemaName()
      const prefix = `tb-test-${randomBytes(4).toString('hex')}:`
      const [one, two] = await Promise.all([node('n1', schema, prefix), node('n2', schema, prefix)])
      const r = await createRoomFull(one!.url)
      const onOne = await connectSynced(one!.wsBase, r.id, r.tokens.editor)
      const onTwo = await connectSynced(two!.wsBase, r.id, r.tokens.editor)
      const observer = connectClient(two!.wsBase, r.id, { token: r.tokens.observer })
      const viewer = connectClient(one!.wsBase, r.id, { token: r.tokens.viewer })
      clients.push(onOne, onTwo, observer, viewer)
      await waitFor(() => observer.provider.synced && viewer.provider.synced, 'all synced')

      // An observer's write through node 2 reaches nobody; the editor's after it does.
      items(observer).set('forged', 'by an observer')
      items(onTwo).set('after', 1)
      await waitFor(() => items(onOne).has('after'), 'the editor’s write from node 2 on node 1')
      expect(items(onOne).has('forged')).toBe(false)

      // The owner revokes the viewer link on node 2; the viewer's socket is on node 1.
      const revoked = await fetch(`${two!.url}/api/rooms/${r.id}/tokens/viewer`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${r.tokens.owner}` },
      })
      expect(revoked.status).toBe(204)
      await waitFor(
        () => viewer.closes.includes(CloseCode.TOKEN_REVOKED),
        'the revoked socket on node 1 to close',
        1000,
      )
      viewer.provider.shouldConnect = false

      // Redis goes away mid-session: each node keeps serving its own clients, then both heal.
      await redis.stop()
      const status = async (p: ServerProcess) =>
        ((await (await fetch(`${p.url}/readyz`)).json()) as { status: string }).status
      await waitFor(async () => (await status(one!)) === 'degraded', 'node 1 degraded', 15_000)
      items(onOne).set('while-down-1', 1)
      items(onTwo).set('while-down-2', 2)
      await redis.restart()
      await waitFor(async () => (await status(one!)) === 'ok', 'node 1 ready again', 20_000)
      await waitFor(async () => (await status(two!)) === 'ok', 'node 2 ready again', 20_000)
      await waitFor(
        () => items(onOne).has('while-down-2') && items(onTwo).has('while-down-1'),
        'the edits made while Redis was down to cross over',
        20_000,
      )
      items(onOne).set('after-restart', 1)
      await waitFor(() => items(onTwo).has('after-restart'), 'live edits cross again', 15_000)
    }, 240_000)
  },
)

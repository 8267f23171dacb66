import * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import {
  CloseCode,
  getCollection,
  MODEL_ROOTS,
  readCollection,
  ThreatSchema,
  writeEntity,
} from '@threatboard/shared'
import { connectSynced, items, type TestClient } from './helpers/clients.ts'
import { waitFor } from './helpers/poll.ts'
import { createRoom, startServer, storedDoc, type TestServer } from './helpers/server.ts'

const threat = ThreatSchema.parse({
  id: 't1',
  category: 'tampering',
  title: 'Order total changed in transit',
  targets: { elements: [], assets: [] },
  severity: 'high',
  status: 'open',
  createdAt: 1,
})

/** Writes raw fields into the threats map, bypassing the shared validators (as a script could). */
function writeRaw(doc: Y.Doc, id: string, fields: Record<string, unknown>) {
  doc.transact(() => {
    const map = new Y.Map<unknown>()
    getCollection(doc, 'threats').set(id, map)
    for (const [k, v] of Object.entries(fields)) map.set(k, v)
  })
}

describe('the server validates writes to the threat model', () => {
  let s: TestServer
  const clients: TestClient[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await s.close()
  })

  it('applies a valid threat and relays it', async () => {
    s = await startServer()
    const id = await createRoom(s.url)
    const a = await connectSynced(s.wsBase, id)
    const b = await connectSynced(s.wsBase, id)
    clients.push(a, b)
    writeEntity(a.doc, 'threats', threat)
    await waitFor(() => readCollection(b.doc, 'threats').length === 1, 'b to see the threat')
    expect(readCollection(await storedDoc(s, id), 'threats')[0]!.title).toBe(threat.title)
  })

  it.each([
    ['an invalid severity', { ...threat, id: 't9', severity: 'urgent' }, 'severity must be one of'],
    ['a missing title', { ...threat, id: 't9', title: undefined }, 'title'],
    ['an id that differs from its key', { ...threat, id: 'other' }, 'id must equal its key'],
  ])('refuses a threat with %s; nothing of it is stored or relayed', async (_n, fields, reason) => {
    s = await startServer()
    const id = await createRoom(s.url)
    const good = await connectSynced(s.wsBase, id)
    const bad = await connectSynced(s.wsBase, id)
    clients.push(good, bad)
    items(good).set('before', 1)
    await waitFor(() => items(bad).get('before') === 1, 'setup synced')

    const reasons: string[] = []
    ;(
      bad.provider.ws as unknown as {
        addEventListener: typeof WebSocket.prototype.addEventListener
      }
    )?.addEventListener?.('close', (e: CloseEvent) => reasons.push(e.reason))
    // A canvas change in the same transaction must be refused with it: nothing half-applied.
    bad.doc.transact(() => {
      items(bad).set('same-transaction', true)
      writeRaw(bad.doc, 't9', fields as Record<string, unknown>)
    })
    await waitFor(() => bad.closes.includes(CloseCode.INVALID_UPDATE), 'the writer to be closed')
    bad.provider.shouldConnect = false
    expect(reasons.join(' ')).toContain(reason)

    items(good).set('after', 2)
    const stored = await waitFor(async () => {
      const doc = await storedDoc(s, id)
      return doc.getMap('test-items').get('after') === 2 ? doc : undefined
    }, 'the good client to keep syncing')
    expect(stored.getMap('test-items').has('same-transaction')).toBe(false)
    expect(getCollection(stored, 'threats').size).toBe(0)
    expect(items(good).has('same-transaction')).toBe(false)
  })

  it('refuses a client writing hints or reviews directly', async () => {
    s = await startServer()
    const id = await createRoom(s.url)
    const c = await connectSynced(s.wsBase, id)
    clients.push(c)
    c.doc.getMap(MODEL_ROOTS.hints).set('h1', 'forged')
    await waitFor(() => c.closes.includes(CloseCode.INVALID_UPDATE), 'the writer to be closed')
    c.provider.shouldConnect = false
    expect((await storedDoc(s, id)).getMap(MODEL_ROOTS.hints).size).toBe(0)
  })

  it('lets an edit of one field of an existing threat through', async () => {
    s = await startServer()
    const id = await createRoom(s.url)
    const a = await connectSynced(s.wsBase, id)
    const b = await connectSynced(s.wsBase, id)
    clients.push(a, b)
    writeEntity(a.doc, 'threats', threat)
    await waitFor(() => readCollection(b.doc, 'threats').length === 1, 'b to see it')
    writeEntity(b.doc, 'threats', { ...threat, severity: 'critical' })
    await waitFor(() => readCollection(a.doc, 'threats')[0]?.severity === 'critical', 'edit seen')
    expect(b.closes).toEqual([])
  })
})

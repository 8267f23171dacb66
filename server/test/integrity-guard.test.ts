import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import {
  getCollection,
  getMetaMap,
  getRecordsMap,
  readCollection,
  ThreatSchema,
  writeEntity,
  writeRecord,
} from '@threatboard/shared'
import { checkClientUpdate } from '../src/sync/modelGuard.ts'

const threat = (id: string, title = 'Order total changed in transit') =>
  ThreatSchema.parse({
    id,
    category: 'tampering',
    title,
    targets: { elements: [], assets: [] },
    severity: 'high',
    status: 'open',
    createdAt: 1,
  })

/** A large board written by many people, with a few threats (built once, copied per test). */
const largeRoomState = (() => {
  const room = new Y.Doc()
  for (let person = 0; person < 50; person++) {
    const doc = new Y.Doc()
    doc.transact(() => {
      for (let i = 0; i < 40; i++) {
        writeRecord(getRecordsMap(doc), {
          id: `shape:${person}-${i}`,
          typeName: 'shape',
          type: 'geo',
          parentId: 'page:page',
          index: 'a1',
          x: i,
          y: person,
          rotation: 0,
          props: { w: 100, h: 50, geo: 'rectangle' },
          meta: {},
        })
      }
      if (person % 10 === 0) writeEntity(doc, 'threats', threat(`t${person}`))
    })
    Y.applyUpdate(room, Y.encodeStateAsUpdate(doc))
    doc.destroy()
  }
  return Y.encodeStateAsUpdate(room)
})()

function largeRoom(): Y.Doc {
  const room = new Y.Doc()
  Y.applyUpdate(room, largeRoomState)
  return room
}

/** The update one client's change makes, from a copy of the room. */
function changeOf(room: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(room))
  let update: Uint8Array | undefined
  doc.on('update', (u: Uint8Array) => (update = u))
  change(doc)
  doc.destroy()
  return update!
}

/** Counts how often anything walks over every client of the document's struct store. */
function countWholeStoreWalks(doc: Y.Doc): { walks: number } {
  const counter = { walks: 0 }
  class CountingMap<K, V> extends Map<K, V> {
    override forEach(...args: Parameters<Map<K, V>['forEach']>) {
      counter.walks++
      super.forEach(...args)
    }
    override entries() {
      counter.walks++
      return super.entries()
    }
    override keys() {
      counter.walks++
      return super.keys()
    }
    override values() {
      counter.walks++
      return super.values()
    }
    override [Symbol.iterator]() {
      counter.walks++
      return super[Symbol.iterator]()
    }
  }
  const store = doc.store as unknown as { clients: Map<number, unknown> }
  store.clients = new CountingMap(store.clients)
  return counter
}

describe('the update guard costs what the update touches', () => {
  it('checks a threat edit in a large room without encoding the room (no walk over its store)', () => {
    const room = largeRoom()
    const edit = changeOf(room, (doc) => {
      const t = readCollection(doc, 'threats')[0]!
      writeEntity(doc, 'threats', { ...t, title: 'Totals signed by the server' })
    })
    const counter = countWholeStoreWalks(room)
    expect(checkClientUpdate(room, edit)).toEqual({ ok: true })
    expect(counter.walks).toBe(0)
  })

  it('refuses a threat edit that breaks the schema in a large room, and takes valid ones', () => {
    const room = largeRoom()
    const bad = changeOf(room, (doc) => {
      const map = getCollection(doc, 'threats').get('t10')!
      map.set('severity', 'apocalyptic')
    })
    const verdict = checkClientUpdate(room, bad)
    expect(verdict.ok).toBe(false)
    expect(!verdict.ok && verdict.reason).toContain('severity')
    const deleted = changeOf(room, (doc) => getCollection(doc, 'threats').delete('t20'))
    expect(checkClientUpdate(room, deleted)).toEqual({ ok: true })
    const added = changeOf(room, (doc) => writeEntity(doc, 'threats', threat('t-new')))
    expect(checkClientUpdate(room, added)).toEqual({ ok: true })
    const moved = changeOf(room, (doc) => {
      const rec = getRecordsMap(doc).get('shape:3-3')!
      rec.set('transform', { x: 9, y: 9, rotation: 0 })
    })
    expect(checkClientUpdate(room, moved)).toEqual({ ok: true })
  })

  it('refuses writes into tl_meta even when they come with a valid board change', () => {
    const room = largeRoom()
    getMetaMap(room).set('schema', { schemaVersion: 2, sequences: {} })
    const update = changeOf(room, (doc) => {
      doc.transact(() => {
        getRecordsMap(doc).get('shape:1-1')!.set('opacity', 0.5)
        getMetaMap(doc).set('interopSpread', 3)
      })
    })
    const verdict = checkClientUpdate(room, update)
    expect(verdict).toMatchObject({ ok: false, drop: false })
    expect(!verdict.ok && verdict.reason).toContain('tl_meta')
  })

  it('refuses an update written as the server itself', () => {
    const room = largeRoom()
    const update = changeOf(room, (doc) => {
      doc.clientID = room.clientID
      getRecordsMap(doc).get('shape:1-1')!.set('opacity', 0.5)
    })
    expect(checkClientUpdate(room, update)).toMatchObject({ ok: false, drop: false })
  })

  it('refuses a struct whose origin the server does not have', () => {
    const room = largeRoom()
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(room))
    other.getMap('test-items').set('k', 1) // the server never gets this
    const update = changeOf(other, (doc) => doc.getMap('test-items').set('k', 2))
    expect(checkClientUpdate(room, update)).toMatchObject({ ok: false, drop: true })
  })
})

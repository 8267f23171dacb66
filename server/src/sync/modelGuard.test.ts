import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import {
  getCollection,
  getMetaMap,
  getRecordsMap,
  getSessionMap,
  CLIENT_MODEL_ROOTS,
  MODEL_ROOTS,
  readCollection,
  ThreatSchema,
  writeEntity,
  writeRecord,
  writeSession,
  type Threat,
} from '@threatboard/shared'
import { applyClientUpdate, checkClientUpdate } from './modelGuard.ts'
import { buildProbe } from './modelProbe.ts'
import { changeOf } from '../../test/helpers/yjs.ts'

const SERVER = 1
const ALICE = 2
const BOB = 3

const threat = (id: string, fields: Partial<Threat> = {}): Threat =>
  ThreatSchema.parse({
    id,
    category: 'tampering',
    title: 'Order total changed in transit',
    targets: { elements: [], assets: [] },
    severity: 'high',
    status: 'open',
    createdAt: 1,
    ...fields,
  })

/** A room as the server holds it (its own Yjs client, garbage collection on). */
function room(): Y.Doc {
  const doc = new Y.Doc({ gc: true })
  doc.clientID = SERVER
  return doc
}

/** A client of `server`, synced. */
function clientOf(server: Y.Doc, clientID: number): Y.Doc {
  const doc = new Y.Doc()
  doc.clientID = clientID
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(server))
  return doc
}

/** Checks a client's change as the server does, and applies it when accepted. */
function send(server: Y.Doc, client: Y.Doc, change: () => void) {
  const update = changeOf(client, change)
  const verdict = checkClientUpdate(server, update)
  if (verdict.ok) applyClientUpdate(server, update, 'client')
  return verdict
}

const shape = (id: string, x: number) => ({
  id,
  typeName: 'shape',
  type: 'geo',
  parentId: 'page:page',
  index: 'a1',
  x,
  y: 0,
  rotation: 0,
  props: { w: 100, h: 50, geo: 'rectangle' },
  meta: {},
})

describe('checkClientUpdate', () => {
  it('takes board edits without looking at the model', () => {
    const server = room()
    const alice = clientOf(server, ALICE)
    expect(
      send(server, alice, () => writeRecord(getRecordsMap(alice), shape('shape:a', 1))),
    ).toEqual({ ok: true })
    expect(getRecordsMap(server).has('shape:a')).toBe(true)
  })

  it('refuses what only the server writes, naming the root, and closes rather than drops', () => {
    const server = room()
    server.getMap(MODEL_ROOTS.hints).set('h1', 'from the server')
    const alice = clientOf(server, ALICE)
    expect(send(server, alice, () => getMetaMap(alice).set('schema', 'forged'))).toEqual({
      ok: false,
      reason: 'tl_meta is written by the server only',
      drop: false,
    })
    // Deleting counts as writing: a hint cannot be removed by a client either.
    const bob = clientOf(server, BOB)
    expect(send(server, bob, () => bob.getMap(MODEL_ROOTS.hints).delete('h1'))).toEqual({
      ok: false,
      reason: 'tb_hints is written by the server only',
      drop: false,
    })
    expect(server.getMap(MODEL_ROOTS.hints).get('h1')).toBe('from the server')
  })

  it("refuses a record in tl_records that is not the board's: a camera, a selection, a mode", () => {
    const server = room()
    const foreign = ['camera:page:page', 'instance:instance', 'instance_page_state:page:page']
    for (const [i, id] of foreign.entries()) {
      // A new client each time: a refused update is not applied, so the next would lean on it.
      const alice = clientOf(server, 10 + i)
      expect(
        send(server, alice, () =>
          writeRecord(getRecordsMap(alice), { id, typeName: id.split(':')[0]!, meta: {} }),
        ),
      ).toEqual({
        ok: false,
        reason: `tl_records holds board records only, not "${id}"`,
        drop: false,
      })
      expect(getRecordsMap(server).has(id)).toBe(false)
    }
    // The board's own kinds of record are taken.
    const bob = clientOf(server, BOB)
    for (const id of [
      'document:document',
      'page:two',
      'shape:b',
      'binding:b',
      'asset:b',
      'user:b',
    ]) {
      expect(
        send(server, bob, () =>
          writeRecord(getRecordsMap(bob), { id, typeName: id.split(':')[0]!, meta: {} }),
        ),
      ).toEqual({ ok: true })
    }
  })

  it('drops, not refuses, an update that leans on changes the server does not have', () => {
    const server = room()
    const alice = clientOf(server, ALICE)
    changeOf(alice, () => alice.getMap('m').set('unsent', 1))
    const verdict = checkClientUpdate(
      server,
      changeOf(alice, () => alice.getMap('m').set('k', 2)),
    )
    expect(verdict).toMatchObject({ ok: false, drop: true })
    expect(!verdict.ok && verdict.reason).toContain('the server does not have')
  })

  it('refuses a threat that breaks the schema, with the reason, and takes a valid one', () => {
    const server = room()
    const alice = clientOf(server, ALICE)
    expect(send(server, alice, () => writeEntity(alice, 'threats', threat('t1')))).toEqual({
      ok: true,
    })
    const bad = send(server, alice, () =>
      getCollection(alice, 'threats').get('t1')!.set('severity', 'urgent'),
    )
    expect(bad).toEqual({
      ok: false,
      reason: expect.stringContaining('severity must be one of') as string,
      drop: false,
    })
    expect(readCollection(server, 'threats')[0]!.severity).toBe('high')
  })

  it('checks every entry an update touches, in every model root', () => {
    const server = room()
    const alice = clientOf(server, ALICE)
    send(server, alice, () => {
      writeEntity(alice, 'threats', threat('t1'))
      writeEntity(alice, 'threats', threat('t2'))
    })
    // A valid change of t1 with a broken one of t2, and a broken asset with a valid threat.
    const both = send(server, alice, () => {
      getCollection(alice, 'threats').get('t1')!.set('title', 'Renamed')
      getCollection(alice, 'threats').get('t2')!.set('status', 'forgotten')
    })
    expect(both).toMatchObject({ ok: false, reason: expect.stringContaining('status') as string })
    // Each refused update leaves its writer ahead of the room: the next change comes from another.
    const bob = clientOf(server, BOB)
    const asset = send(server, bob, () => {
      writeEntity(bob, 'threats', threat('t3'))
      const map = new Y.Map<unknown>()
      getCollection(bob, 'assets').set('a1', map)
      map.set('id', 'a1')
      map.set('name', 'Orders')
    })
    expect(asset).toMatchObject({ ok: false, reason: expect.stringContaining('kind') as string })
    expect(readCollection(server, 'threats').map((t) => t.id)).toEqual(['t1', 't2'])
  })

  it('refuses deleting a field a threat needs, takes deleting the threat', () => {
    const server = room()
    const alice = clientOf(server, ALICE)
    send(server, alice, () => writeEntity(alice, 'threats', threat('t1')))
    const noTitle = send(server, alice, () =>
      getCollection(alice, 'threats').get('t1')!.delete('title'),
    )
    expect(noTitle).toMatchObject({ ok: false, reason: expect.stringContaining('title') as string })
    const bob = clientOf(server, BOB)
    expect(send(server, bob, () => getCollection(bob, 'threats').delete('t1'))).toEqual({
      ok: true,
    })
    expect(getCollection(server, 'threats').size).toBe(0)
  })

  it('judges an edit of a threat by its latest values, however many people wrote it before', () => {
    const server = room()
    const alice = clientOf(server, ALICE)
    const bob = clientOf(server, BOB)
    const sync = (doc: Y.Doc) =>
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(doc)))
    // Alice writes board shapes between her threat edits, so the threat's items sit at clocks
    // in the middle of her history, with Bob's edits interleaved.
    send(server, alice, () => writeRecord(getRecordsMap(alice), shape('shape:a', 1)))
    send(server, alice, () => writeEntity(alice, 'threats', threat('t1', { description: 'x' })))
    send(server, alice, () => writeRecord(getRecordsMap(alice), shape('shape:b', 2)))
    sync(bob)
    send(server, bob, () => getCollection(bob, 'threats').get('t1')!.set('severity', 'low'))
    send(server, bob, () => getCollection(bob, 'threats').get('t1')!.delete('description'))
    send(server, alice, () => writeRecord(getRecordsMap(alice), shape('shape:c', 3)))
    sync(alice)
    expect(
      send(server, alice, () => getCollection(alice, 'threats').get('t1')!.set('title', 'Renamed')),
    ).toEqual({
      ok: true,
    })
    expect(readCollection(server, 'threats')).toEqual([
      threat('t1', { title: 'Renamed', severity: 'low' }),
    ])
    const bad = send(server, bob, () =>
      getCollection(bob, 'threats').get('t1')!.set('impact', 'enormous'),
    )
    expect(bad).toMatchObject({ ok: false, drop: false })
  })

  it('takes an edit of a threat someone deleted meanwhile as the nothing it becomes', () => {
    const server = room()
    const alice = clientOf(server, ALICE)
    send(server, alice, () => writeEntity(alice, 'threats', threat('t1')))
    const bob = clientOf(server, BOB)
    send(server, alice, () => getCollection(alice, 'threats').delete('t1'))
    // Bob has not seen the delete: his edits land in the deleted entry, which stays deleted.
    const edit = () => getCollection(bob, 'threats').get('t1')!.set('severity', 'x')
    expect(send(server, bob, edit)).toEqual({ ok: true })
    expect(getCollection(server, 'threats').size).toBe(0)
  })

  it('refuses a model edit that repeats a struct the room has, made to lean on a change it lacks', () => {
    const server = room()
    const alice = clientOf(server, ALICE)
    applyClientUpdate(
      server,
      changeOf(alice, () => writeEntity(alice, 'threats', threat('t1'))),
      'a',
    )
    changeOf(alice, () => getCollection(alice, 'threats').get('t1')!.set('title', 'Renamed'))
    // Alice's whole history, its first struct (which the room has) forged to follow a clock of
    // an unknown client: Yjs would keep it, and the edit after it, pending.
    const structs = Y.decodeUpdate(Y.encodeStateAsUpdate(alice)).structs as Y.Item[]
    structs[0]!.origin = Y.createID(99, 5)
    const e = new Y.UpdateEncoderV1()
    encoding.writeVarUint(e.restEncoder, 1)
    encoding.writeVarUint(e.restEncoder, structs.length)
    e.writeClient(ALICE)
    encoding.writeVarUint(e.restEncoder, 0)
    for (const s of structs) s.write(e, 0)
    encoding.writeVarUint(e.restEncoder, 0)
    expect(checkClientUpdate(server, e.toUint8Array())).toEqual({
      ok: false,
      reason: 'the update depends on changes the server does not have (clock 5 of client 99)',
      drop: true,
    })
  })

  it('checks the session as a whole, and takes a valid change of one field', () => {
    const server = room()
    const alice = clientOf(server, ALICE)
    expect(
      send(server, alice, () => writeSession(alice, { description: 'Checkout', size: 'small' })),
    ).toEqual({
      ok: true,
    })
    expect(send(server, alice, () => getSessionMap(alice).set('size', 'huge'))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('size') as string,
    })
    const bob = clientOf(server, BOB)
    expect(send(server, bob, () => getSessionMap(bob).set('size', 'large'))).toEqual({
      ok: true,
    })
    expect(getSessionMap(server).toJSON()).toMatchObject({ description: 'Checkout', size: 'large' })
  })
})

describe('checkClientUpdate in a room an older server left with an invalid session', () => {
  /** A room whose stored session breaks today's schema (as a rule added since can make it). */
  function legacyRoom(): Y.Doc {
    const server = room()
    writeSession(server, { description: 'Checkout' })
    getSessionMap(server).set('size', 'huge')
    return server
  }

  it('takes a threat edit: only what an update touches is checked', () => {
    const server = legacyRoom()
    const alice = clientOf(server, ALICE)
    expect(send(server, alice, () => writeEntity(alice, 'threats', threat('t1')))).toEqual({
      ok: true,
    })
  })

  it('refuses a session edit that leaves the session invalid, takes the one that repairs it', () => {
    const server = legacyRoom()
    const alice = clientOf(server, ALICE)
    expect(send(server, alice, () => getSessionMap(alice).set('description', 'Payments'))).toEqual({
      ok: false,
      reason: expect.stringContaining('size') as string,
      drop: false,
    })
    const bob = clientOf(server, BOB)
    expect(send(server, bob, () => getSessionMap(bob).set('size', 'large'))).toEqual({ ok: true })
    expect(getSessionMap(server).get('size')).toBe('large')
  })
})

describe('applyClientUpdate', () => {
  it('applies an update and says so', () => {
    const server = room()
    const alice = clientOf(server, ALICE)
    const update = changeOf(alice, () => alice.getMap('m').set('k', 1))
    expect(applyClientUpdate(server, update, 'client')).toBe(true)
    expect(server.getMap('m').get('k')).toBe(1)
  })

  it('discards what it could not place rather than keep it to apply later, unchecked', () => {
    const server = room()
    const alice = clientOf(server, ALICE)
    const first = changeOf(alice, () => alice.getMap('m').set('first', 1))
    const second = changeOf(alice, () => alice.getMap('m').set('second', 2))
    expect(applyClientUpdate(server, second, 'client')).toBe(false)
    // Once what it leaned on arrives, the discarded part does not come back with it.
    expect(applyClientUpdate(server, first, 'client')).toBe(true)
    expect(server.getMap('m').toJSON()).toEqual({ first: 1 })
    const store = server.store as unknown as { pendingStructs: unknown; pendingDs: unknown }
    expect(store.pendingStructs).toBeNull()
    expect(store.pendingDs).toBeNull()
  })

  it('also discards a pending delete', () => {
    const server = room()
    const alice = clientOf(server, ALICE)
    const write = changeOf(alice, () => alice.getMap('m').set('k', 1))
    const del = changeOf(alice, () => alice.getMap('m').delete('k'))
    expect(applyClientUpdate(server, del, 'client')).toBe(false)
    expect(applyClientUpdate(server, write, 'client')).toBe(true)
    expect(server.getMap('m').get('k')).toBe(1)
  })
})

describe('buildProbe: the copy the guard checks an update on', () => {
  /** A room whose threat t1 has a history: fields overwritten and deleted, the entry replaced. */
  function roomWithHistory() {
    const server = room()
    const alice = clientOf(server, ALICE)
    const bob = clientOf(server, BOB)
    const sync = (doc: Y.Doc) =>
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(doc)))
    const apply = (doc: Y.Doc, change: () => void) =>
      applyClientUpdate(server, changeOf(doc, change), 'client')
    apply(alice, () => writeRecord(getRecordsMap(alice), shape('shape:a', 1)))
    apply(alice, () => writeEntity(alice, 'threats', threat('t1', { description: 'first' })))
    apply(alice, () => writeEntity(alice, 'threats', threat('t2')))
    sync(bob)
    // Bob replaces t1 whole, then edits and deletes fields of the new one.
    apply(bob, () => {
      const map = new Y.Map<unknown>()
      getCollection(bob, 'threats').set('t1', map)
      for (const [k, v] of Object.entries(threat('t1', { likelihood: 'high' }))) map.set(k, v)
      // A list nested in the entry (a client may write one; the schema reads it as an array).
      const targets = new Y.Map<unknown>()
      map.set('targets', targets)
      const elements = new Y.Array<string>()
      targets.set('elements', elements)
      targets.set('assets', [])
      elements.push(['shape:a'])
    })
    apply(bob, () => {
      const map = getCollection(bob, 'threats').get('t1')!
      map.set('severity', 'low')
      map.delete('likelihood')
    })
    apply(alice, () => writeRecord(getRecordsMap(alice), shape('shape:b', 2)))
    sync(alice)
    sync(bob)
    return { server, alice, bob }
  }

  it('holds the touched entries as the room does, deleted values deleted, and nothing else', () => {
    const { server } = roomWithHistory()
    writeSession(server, { description: 'Checkout', size: 'small' })
    const touched = new Map([
      [MODEL_ROOTS.threats, new Set<string | null>(['t1'])],
      [MODEL_ROOTS.session, new Set<string | null>([null])],
      ['tl_records', new Set<string | null>(['shape:a'])],
    ])
    const probe = buildProbe(server, touched, CLIENT_MODEL_ROOTS, [])
    expect(probe.getMap(MODEL_ROOTS.threats).toJSON()).toEqual({
      t1: getCollection(server, 'threats').get('t1')!.toJSON(),
    })
    // Bob deleted this field: the copy has it deleted too, not present with no value.
    const copy = getCollection(probe, 'threats').get('t1')!
    expect(copy.has('likelihood')).toBe(false)
    expect([...copy.keys()].sort()).toEqual(
      [...getCollection(server, 'threats').get('t1')!.keys()].sort(),
    )
    expect(getSessionMap(probe).toJSON()).toEqual(getSessionMap(server).toJSON())
    expect(getSessionMap(probe).get('size')).toBe('small')
    // Only the roots asked for: the board record is not copied.
    expect(getRecordsMap(probe).size).toBe(0)
    probe.destroy()
  })

  it('lines up every client clock with the room, so an update applies to it as to the room', () => {
    const { server } = roomWithHistory()
    const touched = new Map([[MODEL_ROOTS.threats, new Set<string | null>(['t2'])]])
    const probe = buildProbe(server, touched, CLIENT_MODEL_ROOTS, [SERVER, ALICE, BOB, 99])
    for (const client of [ALICE, BOB, SERVER, 99]) {
      expect(Y.getState(probe.store, client)).toBe(Y.getState(server.store, client))
    }
    probe.destroy()
  })

  it('places an edit after a value its author wrote in an earlier, separate change', () => {
    const server = room()
    const alice = clientOf(server, ALICE)
    const apply = (doc: Y.Doc, change: () => void) =>
      applyClientUpdate(server, changeOf(doc, change), 'client')
    // Alice's items in t1 come in two runs of her clocks, with board edits before and between.
    apply(alice, () => writeRecord(getRecordsMap(alice), shape('shape:a', 1)))
    apply(alice, () => writeEntity(alice, 'threats', threat('t1')))
    apply(alice, () => writeRecord(getRecordsMap(alice), shape('shape:b', 2)))
    apply(alice, () => getCollection(alice, 'threats').get('t1')!.set('severity', 'low'))
    apply(alice, () => writeRecord(getRecordsMap(alice), shape('shape:c', 3)))
    const bob = clientOf(server, BOB)
    const severity = (value: string) => () =>
      getCollection(bob, 'threats').get('t1')!.set('severity', value)
    expect(send(server, bob, severity('apocalyptic'))).toMatchObject({ ok: false })
    const carol = clientOf(server, BOB + 1)
    expect(
      send(server, carol, () =>
        getCollection(carol, 'threats').get('t1')!.set('severity', 'medium'),
      ),
    ).toEqual({ ok: true })
    expect(readCollection(server, 'threats')[0]!.severity).toBe('medium')
  })

  it('refuses an invalid entry written over an older version of it than the latest', () => {
    const server = room()
    const alice = clientOf(server, ALICE)
    applyClientUpdate(
      server,
      changeOf(alice, () => writeEntity(alice, 'threats', threat('t1'))),
      'a',
    )
    // Carol saw Alice's t1; Bob then replaced it whole. Carol replaces the one she saw: both
    // new entries follow Alice's, and Carol's client id being higher, hers ends up the value.
    const carol = clientOf(server, BOB + 10)
    const bob = clientOf(server, BOB)
    const replace = (doc: Y.Doc, fields: Record<string, unknown>) => () => {
      const map = new Y.Map<unknown>()
      getCollection(doc, 'threats').set('t1', map)
      for (const [k, v] of Object.entries(fields)) map.set(k, v)
    }
    expect(send(server, bob, replace(bob, threat('t1', { title: 'By Bob' })))).toEqual({ ok: true })
    const invalid = { ...threat('t1'), severity: 'apocalyptic' }
    expect(send(server, carol, replace(carol, invalid))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('severity') as string,
    })
    expect(readCollection(server, 'threats')).toEqual([threat('t1', { title: 'By Bob' })])
  })

  it('checks an edit inside a list nested in a threat against the whole entry', () => {
    const { server, alice } = roomWithHistory()
    const elements = () =>
      (getCollection(alice, 'threats').get('t1')!.get('targets') as Y.Map<Y.Array<string>>).get(
        'elements',
      )!
    expect(send(server, alice, () => elements().push(['not a shape id']))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('shape id') as string,
    })
    const bob = clientOf(server, BOB + 1)
    const bobElements = (
      getCollection(bob, 'threats').get('t1')!.get('targets') as Y.Map<Y.Array<string>>
    ).get('elements')!
    expect(send(server, bob, () => bobElements.push(['shape:b']))).toEqual({ ok: true })
    expect(readCollection(server, 'threats').find((t) => t.id === 't1')!.targets.elements).toEqual([
      'shape:a',
      'shape:b',
    ])
  })
})

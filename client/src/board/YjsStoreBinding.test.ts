// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { createTLStore, type Editor, type TLShapeId, type TLStore } from 'tldraw'
import {
  createBoardSchema,
  getRecordsMap,
  initialBoardRecords,
  readRecord,
  seedRoomDoc,
  writeRecord,
  type JsonRecord,
} from '@threatboard/shared'
import { boardBindingUtils, boardShapeUtils } from '../shapes/index.ts'
import { addNode, headlessBoardEditor } from '../shapes/headlessBoard.ts'
import { YjsStoreBinding } from './YjsStoreBinding.ts'

/** One person at the board: a store bound to their copy of the room's doc, and an editor on it. */
interface Person {
  doc: Y.Doc
  store: TLStore
  editor: Editor
  binding: YjsStoreBinding
}

const people: Person[] = []

function join(doc: Y.Doc, readOnly = false): Person {
  const store = createTLStore({ shapeUtils: boardShapeUtils, bindingUtils: boardBindingUtils })
  // Bound before the editor exists, as in Board.tsx.
  const binding = new YjsStoreBinding(store, doc, { readOnly })
  const person = { doc, store, editor: headlessBoardEditor(store), binding }
  people.push(person)
  return person
}

/**
 * Relays every update of one doc to the other, like the server does between two clients, and
 * lets the receiving board apply it as its next frame would (unless `frames` is false: then the
 * board applies it at its next frame, or when the test says).
 */
function connect(a: Y.Doc, b: Y.Doc, { frames = true } = {}) {
  const deliver = (to: Y.Doc, update: Uint8Array, from: Y.Doc) => {
    Y.applyUpdate(to, update, from)
    if (frames) for (const p of people) if (p.doc === to) p.binding.applyRemote()
  }
  a.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== b) deliver(b, update, a)
  })
  b.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== a) deliver(a, update, b)
  })
}

/** A new room's doc as the server seeds it. */
function roomDoc(): Y.Doc {
  const doc = new Y.Doc()
  seedRoomDoc(doc, createBoardSchema(), initialBoardRecords())
  return doc
}

function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  return copy
}

/**
 * Carol and Dave on a new room whose relay leaves each board to apply what arrives at its next
 * frame; Carol has drawn a node, which both boards show.
 */
function twoBoardsApplyingAtFrames() {
  const room = roomDoc()
  const carolDoc = copyOf(room)
  const daveDoc = copyOf(room)
  connect(carolDoc, daveDoc, { frames: false })
  const carol = join(carolDoc)
  const dave = join(daveDoc)
  const api = addNode(carol.editor, 'Checkout API', 0, 0, 'process')
  carol.binding.flush()
  dave.binding.applyRemote()
  return { carol, dave, api }
}

const stored = (doc: Y.Doc, id: string) => {
  const map = getRecordsMap(doc).get(id)
  return map ? readRecord(map) : undefined
}

const nodeName = (p: Person, id: TLShapeId) =>
  (p.editor.getShape(id)?.props as { name?: string } | undefined)?.name

let alice: Person
let bob: Person

beforeEach(() => {
  const room = roomDoc()
  const aliceDoc = copyOf(room)
  const bobDoc = copyOf(room)
  connect(aliceDoc, bobDoc)
  alice = join(aliceDoc)
  bob = join(bobDoc)
})

afterEach(() => {
  for (const p of people.splice(0)) {
    p.binding.dispose()
    p.editor.dispose()
  }
})

describe('the board and the room doc', () => {
  it('shows what the doc holds and drops document records it does not hold', () => {
    const api = addNode(bob.editor, 'Checkout API', 100, 100, 'process')
    bob.binding.flush()
    // A store with a shape of its own (a stale board) is bound to the same room.
    const store = createTLStore({ shapeUtils: boardShapeUtils, bindingUtils: boardBindingUtils })
    const scratch = headlessBoardEditor(store)
    const stale = addNode(scratch, 'Stale', 0, 0, 'process')
    scratch.updateInstanceState({ isGridMode: true })
    const doc = copyOf(bob.doc)
    const binding = new YjsStoreBinding(store, doc)
    expect(store.get(stale)).toBeUndefined()
    expect(store.get(api)).toMatchObject({ x: 100, y: 100, props: { name: 'Checkout API' } })
    // This user's own session (camera, grid, selected tool) is not the room's and stays.
    expect(scratch.getInstanceState().isGridMode).toBe(true)
    // Bound without options, it writes.
    scratch.updateShape({ id: api, type: 'dfd-node', x: 160 })
    binding.flush()
    expect(stored(doc, api)).toMatchObject({ x: 160 })
    binding.dispose()
    scratch.dispose()
  })

  it('keeps this user’s session out of the doc', () => {
    const api = addNode(alice.editor, 'Checkout API', 0, 0, 'process')
    alice.editor.select(api)
    alice.editor.setCamera({ x: 40, y: 25, z: 2 })
    alice.editor.updateInstanceState({ isGridMode: true })
    alice.binding.flush()
    const typeNames = new Set(
      [...getRecordsMap(alice.doc).values()].map((map) => readRecord(map).typeName),
    )
    expect(typeNames).toContain('shape')
    for (const session of ['instance', 'camera', 'instance_page_state', 'pointer']) {
      expect(typeNames).not.toContain(session)
    }
    expect(bob.editor.getInstanceState().isGridMode).toBe(false)
  })

  it('writes local edits to the doc once per frame, as one update', async () => {
    const updates: Uint8Array[] = []
    alice.doc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin !== bob.doc) updates.push(u)
    })
    const api = addNode(alice.editor, 'Checkout API', 0, 0, 'process')
    for (let x = 1; x <= 20; x++) alice.editor.updateShape({ id: api, type: 'dfd-node', x })
    expect(updates).toHaveLength(0)
    await vi.waitFor(() => expect(updates.length).toBeGreaterThan(0))
    expect(updates).toHaveLength(1)
    expect(stored(bob.doc, api)).toMatchObject({ x: 20, props: { name: 'Checkout API' } })
    expect(bob.editor.getShape(api)).toMatchObject({ x: 20 })
  })

  it('deletes from the doc what the user deleted', () => {
    const api = addNode(alice.editor, 'Checkout API', 0, 0, 'process')
    alice.binding.flush()
    expect(bob.editor.getShape(api)).toBeDefined()
    alice.editor.deleteShape(api)
    alice.binding.flush()
    expect(stored(alice.doc, api)).toBeUndefined()
    expect(bob.editor.getShape(api)).toBeUndefined()
  })

  it("shows others' changes without putting them on this user's undo stack", () => {
    const warn = vi.spyOn(console, 'warn')
    const mine = addNode(alice.editor, 'Mine', 0, 0, 'process')
    alice.binding.flush()
    const theirs = addNode(bob.editor, 'Theirs', 300, 0, 'data-store')
    bob.binding.flush()
    expect(nodeName(alice, theirs)).toBe('Theirs')
    bob.editor.updateShape({ id: theirs, type: 'dfd-node', x: 400 })
    bob.binding.flush()
    expect(alice.editor.getShape(theirs)).toMatchObject({ x: 400 })

    alice.editor.undo()
    expect(alice.editor.getShape(mine)).toBeUndefined()
    expect(alice.editor.getShape(theirs)).toMatchObject({ x: 400 })

    bob.editor.deleteShape(theirs)
    bob.binding.flush()
    expect(alice.editor.getShape(theirs)).toBeUndefined()
    // Valid records from the room raise no warning.
    expect(warn).not.toHaveBeenCalled()
    warn.mockRestore()
  })

  it('keeps an edit not yet sent when someone else changes other fields of the same shape', () => {
    const api = addNode(alice.editor, 'Checkout API', 0, 0, 'process')
    alice.binding.flush()
    // Alice drags, Bob renames and tags it, before Alice's frame is sent.
    alice.editor.updateShape({ id: api, type: 'dfd-node', x: 250, y: 40 })
    bob.editor.updateShape({
      id: api,
      type: 'dfd-node',
      props: { name: 'Payments API' },
      meta: { owner: 'bob' },
    })
    bob.binding.flush()
    const both = { x: 250, y: 40, props: { name: 'Payments API' } }
    expect(alice.editor.getShape(api)).toMatchObject({ ...both, meta: { owner: 'bob' } })
    alice.binding.flush()
    expect(bob.editor.getShape(api)).toMatchObject(both)

    // The other way round: Alice renames, Bob moves and drops the tag.
    alice.editor.updateShape({ id: api, type: 'dfd-node', props: { name: 'Orders API' } })
    bob.store.update(api, (shape) => ({ ...shape, x: 10, y: 90, rotation: 0.5, meta: {} }))
    bob.binding.flush()
    const merged = alice.editor.getShape(api)!
    expect(merged).toMatchObject({ x: 10, y: 90, rotation: 0.5, props: { name: 'Orders API' } })
    expect(merged.meta).toEqual({})
    alice.binding.flush()
    expect(bob.editor.getShape(api)).toMatchObject({ x: 10, props: { name: 'Orders API' } })

    // A plain field beside the transform: Alice moves, Bob fades it.
    alice.editor.updateShape({ id: api, type: 'dfd-node', x: 300 })
    bob.editor.updateShape({ id: api, type: 'dfd-node', opacity: 0.5 })
    bob.binding.flush()
    expect(alice.editor.getShape(api)).toMatchObject({ x: 300, y: 90, opacity: 0.5 })
  })

  it('takes a shape replaced whole by someone else over an edit not yet sent', () => {
    const api = addNode(alice.editor, 'Checkout API', 0, 0, 'process')
    alice.binding.flush()
    alice.editor.updateShape({ id: api, type: 'dfd-node', x: 250 })
    // Bob's client replaces the record as a whole (a delete and re-create in one transaction).
    const replaced = {
      ...stored(bob.doc, api)!,
      x: 5,
      props: { ...(stored(bob.doc, api)!.props as object), name: 'Gateway' },
    } as JsonRecord
    bob.doc.transact(() => {
      getRecordsMap(bob.doc).delete(api)
      writeRecord(getRecordsMap(bob.doc), replaced)
    })
    expect(alice.editor.getShape(api)).toMatchObject({ x: 5, props: { name: 'Gateway' } })
  })

  it('takes a shape replaced whole by someone else', () => {
    const api = addNode(alice.editor, 'Checkout API', 0, 0, 'process')
    alice.binding.flush()
    const record = stored(bob.doc, api)!
    bob.doc.transact(() => {
      getRecordsMap(bob.doc).delete(api)
      writeRecord(getRecordsMap(bob.doc), { ...record, x: 5 })
    })
    expect(alice.editor.getShape(api)).toMatchObject({ x: 5 })
  })

  it('takes what another client nests deeper than the layout whole, and skips other types', () => {
    const api = addNode(alice.editor, 'Checkout API', 0, 0, 'process')
    alice.binding.flush()
    const meta = getRecordsMap(bob.doc).get(api)!.get('meta') as Y.Map<unknown>
    const deep = new Y.Map<unknown>()
    const list = new Y.Array<number>()
    bob.doc.transact(() => {
      meta.set('deep', deep)
      meta.set('list', list)
    })
    // Alice drags meanwhile; a change inside the nested map replaces her copy of the shape.
    alice.editor.updateShape({ id: api, type: 'dfd-node', x: 250 })
    deep.set('level', 1)
    expect(alice.editor.getShape(api)!.meta).toMatchObject({ deep: { level: 1 } })
    list.push([1, 2])
    // Bob's board shows what was written into his doc at its next frame, before he renames.
    bob.binding.applyRemote()
    bob.editor.updateShape({ id: api, type: 'dfd-node', props: { name: 'Still synced' } })
    bob.binding.flush()
    expect(nodeName(alice, api)).toBe('Still synced')
  })

  it('lets a deletion not yet sent win over a concurrent change', () => {
    const api = addNode(alice.editor, 'Checkout API', 0, 0, 'process')
    alice.binding.flush()
    alice.editor.deleteShape(api)
    bob.editor.updateShape({ id: api, type: 'dfd-node', props: { name: 'Payments API' } })
    bob.binding.flush()
    expect(alice.editor.getShape(api)).toBeUndefined()
    alice.binding.flush()
    expect(bob.editor.getShape(api)).toBeUndefined()
  })

  it('skips an invalid record from the room and applies the valid ones beside it', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const good = addNode(bob.editor, 'Good', 0, 0, 'process')
    const bad = addNode(bob.editor, 'Bad', 100, 0, 'process')
    bob.binding.flush()
    expect(nodeName(alice, bad)).toBe('Bad')
    // A client with a broken build writes a shape its schema would refuse.
    const records = getRecordsMap(bob.doc)
    bob.doc.transact(() => {
      writeRecord(records, { ...stored(bob.doc, bad)!, props: { kind: 'spaceship' } })
      writeRecord(records, { ...stored(bob.doc, good)!, x: 70 })
    })
    expect(alice.editor.getShape(good)).toMatchObject({ x: 70 })
    expect(nodeName(alice, bad)).toBe('Bad')
    expect(warn).toHaveBeenCalled()

    // A shape that arrives broken shows up once another client repairs it.
    const late = addNode(bob.editor, 'Late', 0, 200, 'process')
    bob.binding.flush()
    const whole = stored(bob.doc, late)!
    bob.editor.deleteShape(late)
    bob.binding.flush()
    bob.doc.transact(() => writeRecord(records, { ...whole, props: { kind: 'spaceship' } }))
    expect(alice.editor.getShape(late)).toBeUndefined()
    bob.doc.transact(() => writeRecord(records, whole))
    expect(nodeName(alice, late)).toBe('Late')
    warn.mockRestore()
  })

  it('skips a shape placed or sized beyond the board’s range, which would break every board', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const node = addNode(bob.editor, 'Orders API', 0, 0, 'process')
    bob.binding.flush()
    const records = getRecordsMap(bob.doc)
    const whole = stored(bob.doc, node)!
    // A script with an editor's link writes numbers tldraw's validators take.
    bob.doc.transact(() => {
      writeRecord(records, { ...whole, x: 1e300 })
      const props = whole.props as Record<string, unknown>
      writeRecord(records, { ...whole, id: 'shape:huge', props: { ...props, w: 1e300 } })
    })
    expect(alice.editor.getShape(node)).toMatchObject({ x: 0 })
    expect(alice.editor.getShape('shape:huge' as TLShapeId)).toBeUndefined()
    // Far, but on the board: taken.
    bob.doc.transact(() => writeRecord(records, { ...whole, x: 9_000_000 }))
    expect(alice.editor.getShape(node)).toMatchObject({ x: 9_000_000 })
    expect(warn).toHaveBeenCalledTimes(2)
    warn.mockRestore()
  })

  it('writes nothing for a read-only person and still shows them the room', () => {
    const viewerDoc = copyOf(alice.doc)
    connect(alice.doc, viewerDoc)
    const viewer = join(viewerDoc, true)
    const updates: Uint8Array[] = []
    viewerDoc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin !== alice.doc) updates.push(u)
    })
    addNode(viewer.editor, 'Scribble', 0, 0, 'process')
    viewer.binding.flush()
    expect(updates).toHaveLength(0)
    const api = addNode(alice.editor, 'Checkout API', 0, 0, 'process')
    alice.binding.flush()
    expect(nodeName(viewer, api)).toBe('Checkout API')
  })

  it('sends what is pending when it stops, then nothing more either way', () => {
    const api = addNode(alice.editor, 'Checkout API', 0, 0, 'process')
    alice.binding.dispose()
    people.splice(people.indexOf(alice), 1)
    expect(nodeName(bob, api)).toBe('Checkout API')
    alice.editor.updateShape({ id: api, type: 'dfd-node', x: 99 })
    alice.binding.flush()
    expect(bob.editor.getShape(api)).toMatchObject({ x: 0 })
    bob.editor.updateShape({ id: api, type: 'dfd-node', props: { name: 'Renamed' } })
    bob.binding.flush()
    expect(nodeName(alice, api)).toBe('Checkout API')
    alice.editor.dispose()
  })

  it("applies others' changes once per frame, as one change of the store, read from the doc then", async () => {
    const { carol, dave, api } = twoBoardsApplyingAtFrames()
    const remoteChanges: number[] = []
    dave.store.listen(({ changes }) => remoteChanges.push(Object.keys(changes.updated).length), {
      source: 'remote',
    })
    // Carol moves the shape 20 times, each its own transaction (as a relay of many messages).
    for (let x = 1; x <= 20; x++) {
      carol.editor.updateShape({ id: api, type: 'dfd-node', x })
      carol.binding.flush()
    }
    expect(stored(dave.doc, api)).toMatchObject({ x: 20 })
    expect(dave.editor.getShape(api)).toMatchObject({ x: 0 })
    await vi.waitFor(() => expect(dave.editor.getShape(api)).toMatchObject({ x: 20 }))
    expect(remoteChanges).toEqual([1])
  })

  it("writes an edit made before others' changes were applied without undoing theirs", () => {
    const { carol, dave, api } = twoBoardsApplyingAtFrames()
    // Carol moves it; before Dave's board has applied that, Dave renames it.
    carol.editor.updateShape({ id: api, type: 'dfd-node', x: 300, y: 120 })
    carol.binding.flush()
    dave.editor.updateShape({ id: api, type: 'dfd-node', props: { name: 'Payments API' } })
    dave.binding.flush()
    const both = { x: 300, y: 120, props: { name: 'Payments API' } }
    expect(stored(dave.doc, api)).toMatchObject(both)
    expect(dave.editor.getShape(api)).toMatchObject(both)
    carol.binding.applyRemote()
    expect(carol.editor.getShape(api)).toMatchObject(both)
  })
})

import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import { planUpdate, type UpdatePlan } from './updatePlan.ts'
import { changeOf } from '../../test/helpers/yjs.ts'

const SERVER = 1
const ALICE = 2
const BOB = 3

/** A document written as one Yjs client, so the clocks in the tests are known. */
function docOf(clientID: number, gc = true): Y.Doc {
  const doc = new Y.Doc({ gc })
  doc.clientID = clientID
  return doc
}

/** `doc` brought up to what `from` holds. */
function sync(doc: Y.Doc, from: Y.Doc): Y.Doc {
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(from, Y.encodeStateVector(doc)))
  return doc
}

function plan(server: Y.Doc, update: Uint8Array | ReturnType<typeof Y.decodeUpdate>): UpdatePlan {
  const decoded = update instanceof Uint8Array ? Y.decodeUpdate(update) : update
  return planUpdate(server, decoded, server.clientID)
}

/** What a plan says, in a form to compare: the touched keys by root (a list is `null`). */
function touchedBy(result: UpdatePlan): Record<string, (string | null)[]> {
  if (!result.ok) throw new Error(`refused: ${result.reason}`)
  return Object.fromEntries(
    [...result.touched].map(([root, keys]) => [
      root,
      [...keys].sort((a, b) => ((a ?? '') < (b ?? '') ? -1 : 1)),
    ]),
  )
}

function clientsOf(result: UpdatePlan): number[] {
  if (!result.ok) throw new Error(`refused: ${result.reason}`)
  return [...result.clients].sort((a, b) => a - b)
}

/** A server with a board on it: entries `a` (a value) and `b` (a map with a nested list) in `m`. */
function serverWithBoard(gc = true): Y.Doc {
  const server = docOf(SERVER, gc)
  const author = docOf(BOB)
  author.transact(() => {
    const m = author.getMap('m')
    m.set('a', 1)
    const b = new Y.Map<unknown>()
    m.set('b', b)
    const list = new Y.Array<string>()
    b.set('list', list)
    list.push(['x', 'y'])
    author.getArray('log').push(['first'])
  })
  return sync(server, author)
}

describe('planUpdate: what an update touches', () => {
  it('refuses shared types nested deeper than 16, in one update or on what the room has', () => {
    /** Nests `levels` maps, one inside the other, under `parent`. */
    const nest = (parent: Y.Map<unknown>, levels: number) => {
      let map = parent
      for (let i = 0; i < levels; i++) {
        const child = new Y.Map<unknown>()
        map.set('inner', child)
        map = child
      }
      return map
    }
    const refusal = (result: UpdatePlan) => (result.ok ? 'accepted' : result.reason)
    const server = docOf(SERVER)
    const alice = docOf(ALICE)
    // A record map with its props map is 2 deep; 16 is the most allowed.
    const deepest = nest(alice.getMap('records'), 16)
    expect(refusal(plan(server, Y.encodeStateAsUpdate(alice)))).toBe('accepted')
    sync(server, alice)
    // One level more, written inside the deepest map the room has…
    const before = Y.encodeStateVector(alice)
    nest(deepest, 1)
    expect(refusal(plan(server, Y.encodeStateAsUpdate(alice, before)))).toBe(
      'the update nests shared types deeper than 16 levels',
    )
    // …or beside an existing map, or all in one update by a client the room has never seen.
    const bob = docOf(BOB)
    nest(bob.getMap('records'), 40)
    expect(refusal(plan(docOf(SERVER), Y.encodeStateAsUpdate(bob)))).toBe(
      'the update nests shared types deeper than 16 levels',
    )
  })

  it('names each root entry an update writes, and a list root as a whole', () => {
    const server = serverWithBoard()
    const alice = sync(docOf(ALICE), server)
    const update = changeOf(alice, () => {
      const m = alice.getMap('m')
      m.set('c', 3)
      const d = new Y.Map<unknown>()
      m.set('d', d)
      d.set('inner', new Y.Map())
      alice.getArray('log').push(['second'])
      alice.getMap('other').set('z', true)
    })
    const result = plan(server, update)
    expect(touchedBy(result)).toEqual({ m: ['c', 'd'], log: [null], other: ['z'] })
    expect(clientsOf(result)).toEqual([ALICE, BOB])
  })

  it('traces an edit deep inside an entry back to that entry, again and again', () => {
    const server = serverWithBoard()
    const alice = sync(docOf(ALICE), server)
    const list = () => (alice.getMap('m').get('b') as Y.Map<Y.Array<string>>).get('list')!
    for (let i = 0; i < 2; i++) {
      // Once with the nested types' places still unknown, once with them remembered.
      const update = changeOf(alice, () => list().push([`z${i}`]))
      expect(touchedBy(plan(server, update))).toEqual({ m: ['b'] })
      Y.applyUpdate(server, update)
    }
    // Inserted at the start (only a right neighbour) and in the middle (both neighbours).
    const first = changeOf(alice, () => list().insert(0, ['start']))
    expect(touchedBy(plan(server, first))).toEqual({ m: ['b'] })
    Y.applyUpdate(server, first)
    const middle = changeOf(alice, () => list().insert(2, ['middle']))
    expect(touchedBy(plan(server, middle))).toEqual({ m: ['b'] })
  })

  it('places an overwrite of an existing key by the value it replaces', () => {
    const server = serverWithBoard()
    const alice = sync(docOf(ALICE), server)
    const update = changeOf(alice, () => alice.getMap('m').set('a', 2))
    expect(touchedBy(plan(server, update))).toEqual({ m: ['a'] })
  })

  it('places structs that lean on each other within one update', () => {
    const server = serverWithBoard()
    const alice = sync(docOf(ALICE), server)
    const update = changeOf(alice, () => {
      const m = alice.getMap('m')
      for (const key of ['p', 'q', 'r', 's', 't']) m.set(key, new Y.Array())
      // Each new value of `r` and `t` sits right of the earlier one: a struct of the same update.
      m.set('r', 'r2')
      m.set('t', 't2')
      ;(m.get('q') as Y.Array<string>).push(['inside q'])
    })
    expect(touchedBy(plan(server, update))).toEqual({ m: ['p', 'q', 'r', 's', 't'] })
  })

  it('counts a delete of a live item, and nothing for one deleted already', () => {
    const server = serverWithBoard()
    const alice = sync(docOf(ALICE), server)
    const del = changeOf(alice, () => {
      alice.getMap('m').delete('a')
      alice.getArray('log').delete(0, 1)
    })
    const result = plan(server, del)
    expect(touchedBy(result)).toEqual({ m: ['a'], log: [null] })
    // The delete is all Alice sent: she wrote no struct, only named Bob's.
    expect(clientsOf(result)).toEqual([BOB])
    Y.applyUpdate(server, del)
    // The same delete again (a client resending what the server has) touches nothing.
    expect(touchedBy(plan(server, del))).toEqual({})
  })

  it('touches nothing with an update the server already has', () => {
    const server = serverWithBoard()
    const alice = sync(docOf(ALICE), server)
    const update = changeOf(alice, () => alice.getMap('m').set('a', 5))
    Y.applyUpdate(server, update)
    expect(touchedBy(plan(server, update))).toEqual({})
    expect(touchedBy(plan(server, Y.encodeStateAsUpdate(alice)))).toEqual({})
  })

  it('takes an insert and delete of new items in one update from a client the server knows', () => {
    const server = serverWithBoard()
    const alice = sync(docOf(ALICE), server)
    Y.applyUpdate(
      server,
      changeOf(alice, () => alice.getMap('m').set('mine', 1)),
    )
    const update = changeOf(alice, () => {
      const log = alice.getArray<string>('log')
      log.push(['typo'])
      log.delete(1, 1)
    })
    expect(touchedBy(plan(server, update))).toEqual({ log: [null] })
  })

  it('touches nothing by an edit inside an entry another client deleted', () => {
    const server = serverWithBoard()
    const alice = sync(docOf(ALICE), server)
    const bob = sync(docOf(BOB + 1), server)
    Y.applyUpdate(
      server,
      changeOf(bob, () => bob.getMap('m').delete('b')),
    )
    // The server collects the deleted entry's contents; Alice has not heard of the delete yet.
    const b = () => alice.getMap('m').get('b') as Y.Map<unknown>
    const newKey = changeOf(alice, () => b().set('new key', 1))
    expect(touchedBy(plan(server, newKey))).toEqual({})
    Y.applyUpdate(server, newKey)
    const overwrite = changeOf(alice, () => b().set('list', 'replaced'))
    expect(touchedBy(plan(server, overwrite))).toEqual({})
  })

  it('names every client an update leans on: its own, the ones its structs follow, and deletes', () => {
    const server = serverWithBoard()
    const alice = sync(docOf(ALICE), server)
    const update = changeOf(alice, () => alice.getArray('log').insert(1, ['after bob']))
    expect(clientsOf(plan(server, update))).toEqual([ALICE, BOB])
    Y.applyUpdate(server, update)
    const own = changeOf(alice, () => alice.getMap('fresh').set('k', 1))
    expect(clientsOf(plan(server, own))).toEqual([ALICE])
  })

  it('takes an update in which two clients took turns, each writing after the other', () => {
    // Higher ids come first in an update: the first client leans on the second, and back.
    const first = docOf(5)
    const second = docOf(ALICE)
    const turn = (doc: Y.Doc, from: Y.Doc, text: string) => {
      sync(doc, from)
      doc.getArray<string>('log').push([text])
    }
    first.getArray<string>('log').push(['1'])
    turn(second, first, '2')
    turn(first, second, '3')
    turn(second, first, '4')
    turn(first, second, '5')
    turn(second, first, '6')
    const result = plan(docOf(SERVER), Y.encodeStateAsUpdate(second))
    expect(touchedBy(result)).toEqual({ log: [null] })
    expect(clientsOf(result)).toEqual([ALICE, 5])
  })

  it('finds the struct a reference names among many of one client', () => {
    const server = serverWithBoard()
    const alice = sync(docOf(ALICE), server)
    const known = changeOf(alice, () => alice.getMap('m').set('a', 'known'))
    Y.applyUpdate(server, known)
    const update = changeOf(alice, () => {
      const log = alice.getArray<string>('log')
      log.insert(0, ['x'])
      alice.getMap('m').set('c', 1)
      alice.getMap('other').set('d', 1)
      // After 'x', written two structs earlier in this same update.
      log.insert(1, ['y'])
    })
    // Sent with what the server has already (a client resending its whole state).
    const result = plan(server, Y.mergeUpdates([known, update]))
    expect(touchedBy(result)).toEqual({ log: [null], m: ['c'], other: ['d'] })
  })
})

describe('planUpdate: what it refuses', () => {
  /** Three separate edits of one client, each its own update. */
  function threeEdits(clientID: number) {
    const doc = docOf(clientID)
    const updates = ['k0', 'k1', 'k2'].map((k) => changeOf(doc, () => doc.getMap('m').set(k, k)))
    return { doc, updates: updates as [Uint8Array, Uint8Array, Uint8Array] }
  }

  it("refuses a gap in a client's clocks, inside the update or before it", () => {
    const server = docOf(SERVER)
    const { updates } = threeEdits(ALICE)
    const skipping = Y.mergeUpdates([updates[0], updates[2]])
    expect(plan(server, skipping)).toEqual({
      ok: false,
      kind: 'missing',
      reason: `the update depends on changes the server does not have (a gap in the clocks of client ${ALICE})`,
    })
    expect(plan(server, updates[1])).toEqual({
      ok: false,
      kind: 'missing',
      reason: `the update depends on changes the server does not have (a gap in the clocks of client ${ALICE})`,
    })
    // In order, each is fine, and so is one that repeats part of what the server has.
    Y.applyUpdate(server, updates[0])
    expect(plan(server, updates[1]).ok).toBe(true)
    expect(plan(server, Y.mergeUpdates([updates[0], updates[1]])).ok).toBe(true)
  })

  it('refuses an update that names a client in two places', () => {
    const server = docOf(SERVER)
    const alice = threeEdits(ALICE)
    const bob = threeEdits(BOB)
    const decoded = Y.decodeUpdate(Y.mergeUpdates([...alice.updates, ...bob.updates]))
    const aliceStructs = decoded.structs.filter((s) => s.id.client === ALICE)
    const bobStructs = decoded.structs.filter((s) => s.id.client === BOB)
    const interleaved = [aliceStructs[0]!, ...bobStructs, ...aliceStructs.slice(1)]
    expect(plan(server, { ...decoded, structs: interleaved })).toEqual({
      ok: false,
      kind: 'forbidden',
      reason: `client ${ALICE} appears twice`,
    })
    expect(plan(server, decoded).ok).toBe(true)
  })

  it("refuses an update written as the server's own client, not one repeating what it wrote", () => {
    const server = serverWithBoard()
    server.getMap('m').set('by the server', 1)
    const alice = sync(docOf(ALICE), server)
    const forged = sync(new Y.Doc(), server)
    forged.clientID = SERVER
    const update = changeOf(forged, () => forged.getMap('m').set('a', 'forged'))
    expect(plan(server, update)).toEqual({
      ok: false,
      kind: 'forbidden',
      reason: "the update writes as the server's client",
    })
    // Alice's whole state includes the server's own write, which the server already has.
    expect(touchedBy(plan(server, Y.encodeStateAsUpdate(alice)))).toEqual({})
  })

  it('refuses a struct that follows one the server does not have, and says which', () => {
    const server = serverWithBoard()
    const bob = sync(docOf(BOB + 1), server)
    const alice = sync(docOf(ALICE), server)
    const bobs = changeOf(bob, () => bob.getArray('log').push(['by bob']))
    Y.applyUpdate(alice, bobs)
    const update = changeOf(alice, () => alice.getArray('log').push(['after bob']))
    expect(plan(server, update)).toEqual({
      ok: false,
      kind: 'missing',
      reason: `the update depends on changes the server does not have (clock 0 of client ${BOB + 1})`,
    })
    // With what it follows in the same update, merged in either order, it is fine.
    for (const [first, second] of [
      [bobs, update],
      [update, bobs],
    ] as const) {
      const both = plan(server, Y.mergeUpdates([first, second]))
      expect(touchedBy(both)).toEqual({ log: [null] })
      expect(clientsOf(both)).toEqual([ALICE, BOB, BOB + 1])
    }
  })

  it('refuses a struct the server has when it is repeated leaning on one the server lacks', () => {
    const server = serverWithBoard()
    const alice = sync(docOf(ALICE), server)
    Y.applyUpdate(
      server,
      changeOf(alice, () => alice.getArray('log').push(['first'])),
    )
    changeOf(alice, () => alice.getMap('notes').set('k', 'second'))
    // Alice's whole history: its first item the server has, forged to follow an unknown change.
    const decoded = Y.decodeUpdate(Y.encodeStateAsUpdate(alice))
    decoded.structs = decoded.structs.filter((item) => item.id.client === ALICE)
    expect(decoded.structs).toHaveLength(2)
    const first = decoded.structs[0] as Y.Item
    first.origin = Y.createID(99, 5)
    expect(plan(server, decoded)).toEqual({
      ok: false,
      kind: 'missing',
      reason: 'the update depends on changes the server does not have (clock 5 of client 99)',
    })
    // Yjs checks the references of an item it has before it sees it has it: applied, the forged
    // item would wait as pending, unchecked.
    const copy = sync(docOf(SERVER + 100), server)
    const e = new Y.UpdateEncoderV1()
    encoding.writeVarUint(e.restEncoder, 1)
    encoding.writeVarUint(e.restEncoder, decoded.structs.length)
    e.writeClient(ALICE)
    encoding.writeVarUint(e.restEncoder, 0)
    for (const item of decoded.structs) item.write(e, 0)
    encoding.writeVarUint(e.restEncoder, 0)
    Y.applyUpdate(copy, e.toUint8Array())
    expect(copy.store.pendingStructs).not.toBeNull()
  })

  it('refuses a struct that follows one the update itself does not reach', () => {
    const server = docOf(SERVER)
    const bob = docOf(BOB)
    const alice = docOf(ALICE)
    const bobFirst = changeOf(bob, () => bob.getArray('log').push(['one']))
    const bobSecond = changeOf(bob, () => bob.getArray('log').push(['two']))
    Y.applyUpdate(alice, bobFirst)
    Y.applyUpdate(alice, bobSecond)
    const update = changeOf(alice, () => alice.getArray('log').push(['three']))
    // Bob's first struct comes with it, his second (which Alice's follows) does not.
    expect(plan(server, Y.mergeUpdates([bobFirst, update]))).toEqual({
      ok: false,
      kind: 'missing',
      reason: `the update depends on changes the server does not have (clock 1 of client ${BOB})`,
    })
    expect(plan(server, Y.mergeUpdates([bobFirst, bobSecond, update])).ok).toBe(true)
  })

  it('refuses structs that follow each other in a circle, or a later struct of their own client', () => {
    const server = docOf(SERVER)
    const alice = docOf(ALICE)
    const bob = docOf(BOB)
    const a = changeOf(alice, () => alice.getArray('log').push(['a']))
    const b = changeOf(bob, () => bob.getArray('log').push(['b']))
    const decoded = Y.decodeUpdate(Y.mergeUpdates([a, b]))
    const [first, second] = decoded.structs as Y.Item[]
    first!.origin = second!.id
    second!.origin = first!.id
    const circle = plan(server, decoded)
    expect(circle).toMatchObject({ ok: false, kind: 'missing' })
    // Bob's struct comes first in the update; it waits for Alice's, which waits for Bob's.
    expect(!circle.ok && circle.reason).toMatch(new RegExp(`\\(clock 0 of client ${BOB}\\)$`))

    const own = Y.decodeUpdate(
      Y.mergeUpdates([a, changeOf(alice, () => alice.getArray('log').push(['a2']))]),
    )
    const [earlier, later] = own.structs as Y.Item[]
    // Made by hand: Yjs never writes this, a forged update could.
    earlier!.rightOrigin = later!.id
    expect(plan(server, own)).toEqual({
      ok: false,
      kind: 'missing',
      reason:
        'the update depends on changes the server does not have (a reference ahead of its own struct)',
    })
    earlier!.rightOrigin = earlier!.id
    expect(plan(server, own)).toMatchObject({ ok: false, kind: 'missing' })
  })

  it('refuses a circle of references that the first client only leads into', () => {
    const docs = [4, BOB, ALICE].map((id) => docOf(id))
    const decoded = Y.decodeUpdate(
      Y.mergeUpdates(docs.map((d) => changeOf(d, () => d.getArray('log').push([d.clientID])))),
    )
    const [four, three, two] = decoded.structs as Y.Item[]
    // 4 waits for 3, which waits for 2, which waits for 3 again (forged: Yjs never writes this).
    four!.origin = three!.id
    three!.origin = two!.id
    two!.origin = three!.id
    expect(plan(docOf(SERVER), decoded)).toEqual({
      ok: false,
      kind: 'missing',
      reason: `the update depends on changes the server does not have (clock 0 of client ${BOB})`,
    })
  })

  it('refuses a delete of clocks not written yet, not one that ends at the last written', () => {
    const server = serverWithBoard()
    const alice = sync(docOf(ALICE), server)
    Y.applyUpdate(
      server,
      changeOf(alice, () => alice.getMap('m').set('mine', 1)),
    )
    const decoded = Y.decodeUpdate(changeOf(alice, () => alice.getMap('m').delete('mine')))
    expect(touchedBy(plan(server, decoded))).toEqual({ m: ['mine'] })
    decoded.ds.clients.get(ALICE)![0]!.len = 2
    expect(plan(server, decoded)).toEqual({
      ok: false,
      kind: 'missing',
      reason: `the update depends on changes the server does not have (a delete of clocks client ${ALICE} has not written)`,
    })
  })
})

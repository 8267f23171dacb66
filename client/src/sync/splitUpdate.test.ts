import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { splitUpdate } from './splitUpdate.ts'

/** A deterministic pseudo-random source (mulberry32). */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A copy of `doc` with a client id of its own: the same browser after a reload. */
function reopened(doc: Y.Doc): Y.Doc {
  const next = new Y.Doc()
  Y.applyUpdate(next, Y.encodeStateAsUpdate(doc))
  return next
}

/** Edits of every kind Yjs writes: map values, nested maps, text, list items, deletions. */
function edit(doc: Y.Doc, rand: () => number, steps: number): void {
  const records = doc.getMap<Y.Map<unknown>>('tl_records')
  const notes = doc.getText('notes')
  const list = doc.getArray<string>('list')
  for (let i = 0; i < steps; i++) {
    const r = rand()
    doc.transact(() => {
      if (r < 0.3) {
        const record = new Y.Map<unknown>()
        record.set('props', new Y.Map())
        records.set(`shape:${Math.floor(rand() * 40)}`, record)
        ;(record.get('props') as Y.Map<unknown>).set('text', 'x'.repeat(Math.floor(rand() * 300)))
      } else if (r < 0.5) {
        const keys = [...records.keys()]
        const key = keys[Math.floor(rand() * keys.length)]
        const props = key ? (records.get(key)?.get('props') as Y.Map<unknown> | undefined) : null
        if (props) props.set('color', `c${Math.floor(rand() * 1000)}`)
      } else if (r < 0.7) {
        notes.insert(Math.floor(rand() * (notes.length + 1)), `word${i} `)
      } else if (r < 0.8 && notes.length > 4) {
        notes.delete(Math.floor(rand() * (notes.length - 3)), 3)
      } else if (r < 0.9) {
        list.insert(Math.floor(rand() * (list.length + 1)), [`item${i}`])
      } else if (records.size > 0) {
        records.delete([...records.keys()][Math.floor(rand() * records.size)]!)
      }
    })
  }
}

/**
 * Applies `pieces` one after the other to `doc`, checking after each that nothing waits for a
 * later piece.
 */
function applyEach(doc: Y.Doc, pieces: Uint8Array[]): void {
  for (const piece of pieces) {
    Y.applyUpdate(doc, piece)
    expect(doc.store.pendingStructs).toBeNull()
    expect(doc.store.pendingDs).toBeNull()
  }
}

const contents = (doc: Y.Doc) => ({
  records: doc.getMap('tl_records').toJSON(),
  notes: doc.getText('notes').toString(),
  list: doc.getArray('list').toJSON(),
})

describe('splitUpdate', () => {
  it('leaves an update that fits as it is', () => {
    const doc = new Y.Doc()
    doc.getMap('tl_records').set('a', 1)
    const update = Y.encodeStateAsUpdate(doc)
    const pieces = splitUpdate(update, 1024)
    expect(pieces).toHaveLength(1)
    expect(pieces[0]).toBe(update)
  })

  it('splits offline work of several sessions into pieces the server can apply one by one', () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const rand = random(seed)
      const server = new Y.Doc()
      edit(server, rand, 40)
      // Three visits of one browser offline, each a new client id, each building on the last;
      // meanwhile the server takes others' work the browser has not seen.
      let browser = reopened(server)
      edit(browser, rand, 60)
      browser = reopened(browser)
      edit(browser, rand, 60)
      browser = reopened(browser)
      edit(browser, rand, 60)
      edit(server, rand, 20)
      const missing = Y.encodeStateAsUpdate(browser, Y.encodeStateVector(server))
      const max = 1500
      expect(missing.byteLength).toBeGreaterThan(3 * max)
      const pieces = splitUpdate(missing, max)
      expect(pieces.length).toBeGreaterThan(2)
      for (const piece of pieces) expect(piece.byteLength).toBeLessThanOrEqual(max)
      applyEach(server, pieces)
      // The browser's own update in one go gives the same document as the pieces did.
      const whole = reopened(server)
      Y.applyUpdate(browser, Y.encodeStateAsUpdate(server, Y.encodeStateVector(browser)))
      expect(contents(server)).toEqual(contents(browser))
      expect(Y.encodeStateVector(server)).toEqual(Y.encodeStateVector(browser))
      expect(contents(whole)).toEqual(contents(browser))
    }
  })

  it('keeps deletions of what only the pieces bring until they are all there', () => {
    const server = new Y.Doc()
    const browser = reopened(server)
    const text = browser.getText('notes')
    text.insert(0, 'a'.repeat(5000))
    text.delete(100, 4800) // deletes what was written offline, in the same update
    browser.getMap('tl_records').set('big', 'b'.repeat(4000))
    const pieces = splitUpdate(Y.encodeStateAsUpdate(browser, Y.encodeStateVector(server)), 2048)
    expect(pieces.length).toBeGreaterThan(1)
    applyEach(server, pieces)
    expect(contents(server)).toEqual(contents(browser))
  })

  it('sends one value larger than the limit as a piece of its own', () => {
    const server = new Y.Doc()
    const browser = reopened(server)
    const records = browser.getMap('tl_records')
    records.set('small-1', 's'.repeat(500))
    records.set('image', 'i'.repeat(10_000))
    records.set('small-2', 's'.repeat(500))
    const pieces = splitUpdate(Y.encodeStateAsUpdate(browser, Y.encodeStateVector(server)), 4096)
    const large = pieces.filter((p) => p.byteLength > 4096)
    expect(large).toHaveLength(1)
    expect(Y.decodeUpdate(large[0]!).structs).toHaveLength(1)
    applyEach(server, pieces)
    expect(contents(server)).toEqual(contents(browser))
  })
})

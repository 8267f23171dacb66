import * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import { foldStoredDoc, type StoredDoc } from './DocStore.ts'
import { FOLD_IN_THREAD_BELOW_BYTES, FoldThread, foldOffLoop } from './foldOffLoop.ts'

/** A stored document of `notes` notes of 1 kB, each its own log entry. */
function storedNotes(notes: number): StoredDoc {
  const doc = new Y.Doc()
  const snapshot = Y.encodeStateAsUpdate(doc)
  const updates: StoredDoc['updates'] = []
  doc.on('update', (update: Uint8Array) => updates.push({ seq: updates.length + 1, update }))
  for (let i = 0; i < notes; i++) doc.getMap('notes').set(`n${i}`, `${i}`.padEnd(1000, '.'))
  return { snapshot, updates, lastSeq: updates.length }
}

const threads: FoldThread[] = []
afterEach(async () => {
  for (const t of threads.splice(0)) await t.close()
})

describe('folding a stored document off the event loop', () => {
  it('gives what folding here gives, small or large', async () => {
    const small = storedNotes(5)
    const large = storedNotes(100)
    expect(large.updates.reduce((n, u) => n + u.update.byteLength, 0)).toBeGreaterThan(
      FOLD_IN_THREAD_BELOW_BYTES,
    )
    expect(await foldOffLoop(small)).toEqual(foldStoredDoc(small))
    expect(await foldOffLoop(large)).toEqual(foldStoredDoc(large))
  })

  it('refuses a log it cannot read, and folds the next one', async () => {
    const thread = new FoldThread()
    threads.push(thread)
    const bad = storedNotes(3)
    bad.updates.push({ seq: 4, update: new Uint8Array([255, 255, 255, 255, 1, 2, 3]) })
    await expect(thread.fold(bad)).rejects.toThrow(/folding the log failed/)
    const good = storedNotes(3)
    expect(await thread.fold(good)).toEqual(foldStoredDoc(good))
  })

  it('rejects what it holds when its thread is ended, and starts a new one for the next', async () => {
    const thread = new FoldThread()
    threads.push(thread)
    const big = storedNotes(2000)
    const pending = thread.fold(big)
    await thread.close()
    await expect(pending).rejects.toThrow()
    const good = storedNotes(3)
    expect(await thread.fold(good)).toEqual(foldStoredDoc(good))
  })
})

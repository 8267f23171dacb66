import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import * as Y from 'yjs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { foldLog, foldStoredDoc, storedBytes, type StoredDoc } from './DocStore.ts'
import { FOLD_IN_THREAD_BELOW_BYTES, FoldThread, foldOffLoop } from './foldOffLoop.ts'
import { answerFoldJob } from './foldWorker.ts'

/** A stored document of `notes` notes of 1 kB, each its own log entry. */
function storedNotes(notes: number): StoredDoc {
  const doc = new Y.Doc()
  const snapshot = Y.encodeStateAsUpdate(doc)
  const updates: StoredDoc['updates'] = []
  doc.on('update', (update: Uint8Array) => updates.push({ seq: updates.length + 1, update }))
  for (let i = 0; i < notes; i++) doc.getMap('notes').set(`n${i}`, `${i}`.padEnd(1000, '.'))
  return { snapshot, updates, lastSeq: updates.length }
}

/** A stored document of exactly `bytes` bytes: an empty snapshot and one note. */
function storedOfBytes(bytes: number): StoredDoc {
  const make = (length: number): StoredDoc => {
    const doc = new Y.Doc()
    doc.clientID = 1
    const snapshot = Y.encodeStateAsUpdate(doc)
    let update: Uint8Array = new Uint8Array()
    doc.on('update', (u: Uint8Array) => (update = u))
    doc.getText('note').insert(0, 'x'.repeat(length))
    return { snapshot, updates: [{ seq: 1, update }], lastSeq: 1 }
  }
  const trial = make(bytes - 100)
  const stored = make(bytes - 100 + (bytes - storedBytes(trial)))
  expect(storedBytes(stored)).toBe(bytes)
  return stored
}

const threads: FoldThread[] = []
function thread(options?: ConstructorParameters<typeof FoldThread>[0]): FoldThread {
  const t = new FoldThread(options)
  threads.push(t)
  return t
}
afterEach(async () => {
  for (const t of threads.splice(0)) await t.close()
})

describe('folding a stored document off the event loop', () => {
  it('gives what folding here gives, small or large', async () => {
    const small = storedNotes(5)
    const large = storedNotes(100)
    expect(storedBytes(large)).toBeGreaterThan(FOLD_IN_THREAD_BELOW_BYTES)
    expect(await foldOffLoop(small)).toEqual(foldStoredDoc(small))
    expect(await foldOffLoop(large)).toEqual(foldStoredDoc(large))
  })

  it('folds a document under 64 KiB here, and one of 64 KiB or more on the thread', async () => {
    const t = thread()
    const under = storedOfBytes(64 * 1024 - 1)
    expect(await foldOffLoop(under, t)).toEqual(foldStoredDoc(under))
    expect(t.threadId).toBeUndefined()
    const at = storedOfBytes(64 * 1024)
    expect(await foldOffLoop(at, t)).toEqual(foldStoredDoc(at))
    expect(t.threadId).toBeGreaterThan(0)
  })

  it('refuses a log it cannot read, and folds the next one on the same thread', async () => {
    const t = thread()
    const bad = storedNotes(3)
    bad.updates.push({ seq: 4, update: new Uint8Array([255, 255, 255, 255, 1, 2, 3]) })
    await expect(t.fold(bad)).rejects.toThrow(/^folding the log failed: .+/)
    const first = t.threadId
    const good = storedNotes(3)
    expect(await t.fold(good)).toEqual(foldStoredDoc(good))
    expect(t.threadId).toBe(first)
  })

  it('rejects what it holds when its thread is ended, and starts a new one for the next', async () => {
    const t = thread()
    const pending = t.fold(storedNotes(2000))
    await t.close()
    await expect(pending).rejects.toThrow('the fold thread stopped')
    expect(t.pending).toBe(0)
    const good = storedNotes(3)
    expect(await t.fold(good)).toEqual(foldStoredDoc(good))
  })

  it('closes without ever having started a thread, and twice', async () => {
    const t = thread()
    await t.close()
    await t.close()
    expect(t.threadId).toBeUndefined()
  })

  it('rejects only the ended thread’s folds when the next thread starts before it exits', async () => {
    const t = thread()
    const held = t.fold(storedNotes(2000))
    const first = t.threadId
    const closing = t.close()
    const good = storedNotes(3)
    const next = t.fold(good)
    const second = t.threadId
    expect(second).not.toBe(first)
    await closing
    await expect(held).rejects.toThrow('the fold thread stopped')
    expect(await next).toEqual(foldStoredDoc(good))
    expect(t.threadId).toBe(second)
    expect(t.pending).toBe(0)
  })

  it('keeps one thread for folds in a row, ends it when idle, and starts another later', async () => {
    const t = thread({ idleMs: 200 })
    const doc = storedNotes(3)
    await t.fold(doc)
    const first = t.threadId
    await t.fold(doc)
    expect(t.threadId).toBe(first)
    await vi.waitFor(() => expect(t.threadId).toBeUndefined(), { timeout: 5000, interval: 20 })
    expect(await t.fold(doc)).toEqual(foldStoredDoc(doc))
    expect(t.threadId).toBeGreaterThan(0)
    expect(t.threadId).not.toBe(first)
  })

  it('does not end a thread that was given new work while idle', async () => {
    const t = thread({ idleMs: 20 })
    await t.fold(storedNotes(3))
    // The idle timer of the first fold would end the thread in the middle of this one.
    const big = storedNotes(3000)
    expect(await t.fold(big)).toEqual(foldStoredDoc(big))
  })

  it('does not end a thread that still has folds queued when one finishes', async () => {
    const t = thread({ idleMs: 1 })
    const small = storedNotes(3)
    const big = storedNotes(3000)
    const [a, b] = await Promise.all([t.fold(small), t.fold(big)])
    expect(a).toEqual(foldStoredDoc(small))
    expect(b).toEqual(foldStoredDoc(big))
  })

  it('survives a fold that exhausts the thread’s memory: that fold rejects, the next one runs', async () => {
    const t = thread({ resourceLimits: { maxOldGenerationSizeMb: 24 } })
    const first = t.fold(storedNotes(3))
    await first
    const firstId = t.threadId
    await expect(t.fold(storedNotes(20_000))).rejects.toThrow(/memory limit/)
    expect(t.threadId).toBeUndefined()
    expect(t.pending).toBe(0)
    const good = storedNotes(3)
    expect(await t.fold(good)).toEqual(foldStoredDoc(good))
    expect(t.threadId).not.toBe(firstId)
  })
})

describe('the fold thread’s job', () => {
  it('answers a job with the folded snapshot, moved rather than copied', () => {
    const stored = storedNotes(4)
    const updates = stored.updates.map((u) => u.update)
    const { reply, transfer } = answerFoldJob({ id: 7, snapshot: stored.snapshot, updates })
    expect(reply).toEqual({ id: 7, ok: true, folded: foldLog(stored.snapshot, updates) })
    expect(reply.ok && transfer).toEqual([reply.ok && reply.folded.buffer])
  })

  it('answers a log it cannot read with its error, not a throw', () => {
    const stored = storedNotes(1)
    const { reply, transfer } = answerFoldJob({
      id: 9,
      snapshot: stored.snapshot,
      updates: [new Uint8Array([255, 255, 255, 255, 1, 2, 3])],
    })
    expect(reply).toMatchObject({ id: 9, ok: false })
    expect(!reply.ok && reply.message).toMatch(/\w+/)
    expect(transfer).toEqual([])
  })
})

describe('the fold thread and the process', () => {
  it('keeps the process alive while it folds, and not while idle', async () => {
    // A child process folds twice, the second time after the thread went idle, and never closes
    // the thread: it must print both results and exit by itself, long before the idle timer.
    const url = new URL('./foldOffLoop.ts', import.meta.url).href
    const script = `
      import * as Y from 'yjs'
      const { FoldThread } = await import(${JSON.stringify(url)})
      const doc = new Y.Doc()
      const updates = []
      doc.on('update', (u) => updates.push({ seq: updates.length + 1, update: u }))
      for (let i = 0; i < 200; i++) doc.getMap('notes').set('n' + i, 'x'.repeat(1000))
      const stored = { snapshot: new Uint8Array([0, 0]), updates, lastSeq: updates.length }
      const thread = new FoldThread({ idleMs: 600000 })
      console.log((await thread.fold(stored)).byteLength)
      await new Promise((resolve) => setTimeout(resolve, 100))
      console.log((await thread.fold(stored)).byteLength)
    `
    const child = spawn(process.execPath, ['-e', script], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    const lines = out.trim().split('\n')
    expect({ code, lines: lines.length }, out).toEqual({ code: 0, lines: 2 })
    expect(Number(lines[0])).toBeGreaterThan(200_000)
    expect(lines[1]).toBe(lines[0])
  }, 60_000)
})

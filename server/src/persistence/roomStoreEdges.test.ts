import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import { createRoomId } from '@threatboard/shared'
import { MemoryRoomStore } from './MemoryRoomStore.ts'
import type { RoomStore } from './RoomStore.ts'
import { DataDirLockedError, SqliteRoomStore } from './SqliteRoomStore.ts'

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'threatboard-store-'))

const stores: [string, () => RoomStore][] = [
  ['memory', () => new MemoryRoomStore()],
  ['sqlite', () => new SqliteRoomStore(tempDir())],
]

const update = (key: string) => {
  const doc = new Y.Doc()
  doc.getMap('m').set(key, key)
  return Y.encodeStateAsUpdate(doc)
}

const open: RoomStore[] = []
afterEach(async () => {
  for (const store of open.splice(0)) await store.close()
})

/** What a caller can rely on beyond the shared contract (roomStoreContract.ts). */
describe.each(stores)('the %s room store at its edges', (_name, make) => {
  const store = () => {
    const s = make()
    open.push(s)
    return s
  }

  it('keeps what it stored when the caller reuses its buffers', async () => {
    const s = store()
    const id = createRoomId()
    const snapshot = update('snapshot')
    await s.createRoom({ id, title: 'R', snapshot })
    const logged = update('logged')
    s.appendUpdates(id, [logged])
    const versioned = update('version')
    await s.saveVersion(id, { id: 'v1', name: 'V', createdBy: 'Ada', snapshot: versioned })
    const copies = [snapshot.slice(), logged.slice(), versioned.slice()]
    for (const buffer of [snapshot, logged, versioned]) buffer.fill(0)
    const loaded = (await s.loadDoc(id))!
    expect(loaded.snapshot).toEqual(copies[0])
    expect(loaded.updates).toEqual([copies[1]])
    // Changing what was loaded changes nothing stored either.
    loaded.snapshot.fill(0)
    loaded.updates[0]!.fill(0)
    const version = (await s.getVersion(id, 'v1'))!
    version.snapshot.fill(0)
    expect((await s.loadDoc(id))!.snapshot).toEqual(copies[0])
    expect((await s.loadDoc(id))!.updates).toEqual([copies[1]])
    expect((await s.getVersion(id, 'v1'))!.snapshot).toEqual(copies[2])

    const compacted = update('compacted')
    s.compact(id, compacted)
    const kept = compacted.slice()
    compacted.fill(0)
    expect((await s.loadDoc(id))!.snapshot).toEqual(kept)
  })

  it('lists the most recently updated room first', async () => {
    const s = store()
    const older = createRoomId()
    const newer = createRoomId()
    await s.createRoom({ id: older, title: 'Older', snapshot: update('a') })
    await new Promise((resolve) => setTimeout(resolve, 20))
    await s.createRoom({ id: newer, title: 'Newer', snapshot: update('b') })
    expect((await s.listRooms()).map((r) => r.id)).toEqual([newer, older])
    await new Promise((resolve) => setTimeout(resolve, 20))
    s.appendUpdates(older, [update('c')])
    expect((await s.listRooms()).map((r) => r.id)).toEqual([older, newer])
  })

  it('answers for a room that does not exist with nothing, and keeps nothing for it', async () => {
    const s = store()
    const id = createRoomId()
    expect(await s.revokeToken(id, 'editor')).toBe(false)
    await s.putStagedHint(id, 'h1', '{}')
    expect(await s.listStagedHints(id)).toEqual([])
    expect(await s.takeStagedHint(id, 'h1')).toBeUndefined()
    expect(await s.listVersions(id)).toEqual([])
    expect(await s.getVersion(id, 'v1')).toBeUndefined()
    expect(await s.findToken(id, 'hash')).toBeUndefined()
  })
})

describe('the SQLite room store', () => {
  it('refuses a second store on the same data directory while the first is open', async () => {
    const dir = tempDir()
    const first = new SqliteRoomStore(dir)
    open.push(first)
    let refusal: unknown
    try {
      open.push(new SqliteRoomStore(dir))
    } catch (err) {
      refusal = err
    }
    expect(refusal).toBeInstanceOf(DataDirLockedError)
    expect((refusal as Error).name).toBe('DataDirLockedError')
    expect((refusal as Error).message).toContain(path.join(dir, 'rooms.db'))
    expect((refusal as Error).message).toContain('give this server its own DATA_DIR')
    await first.close()
    // The lock goes with the store: the directory opens again.
    const again = new SqliteRoomStore(dir)
    open.push(again)
    expect(await again.listRooms()).toEqual([])
  })

  it('does not blame another server for a database file it cannot read', () => {
    const dir = tempDir()
    writeFileSync(path.join(dir, 'rooms.db'), 'not a database, but long enough to be read as one')
    let refusal: unknown
    try {
      open.push(new SqliteRoomStore(dir))
    } catch (err) {
      refusal = err
    }
    expect(refusal).toBeInstanceOf(Error)
    expect(refusal).not.toBeInstanceOf(DataDirLockedError)
  })

  it('stays usable after a write it refused', async () => {
    const s = new SqliteRoomStore(tempDir())
    open.push(s)
    const id = createRoomId()
    await s.createRoom({ id, title: 'R', snapshot: update('a') })
    const version = { id: 'v1', name: 'V', createdBy: 'Ada', snapshot: update('v') }
    await s.saveVersion(id, version)
    // The same version id again: the transaction fails and is rolled back whole.
    await expect(s.saveVersion(id, version)).rejects.toThrow()
    s.appendUpdates(id, [update('b')])
    expect((await s.loadDoc(id))!.updates).toHaveLength(1)
    expect((await s.listVersions(id)).map((v) => v.number)).toEqual([1])
  })
})

import * as Y from 'yjs'
import { newDoc } from '../yDoc.ts'
import { getMetaMap, migrateRoomDoc, SERVER_ORIGIN } from '@threatboard/shared/doc/roomDoc.ts'
import { ApiError } from '../errors.ts'
import type { RoomRecord, VersionRecord } from '../persistence/RoomStore.ts'
import type { ReportVersion } from '../report/buildReport.ts'
import type { RoomDeps } from './deps.ts'
import { boardSchema } from '../rooms/boardSchema.ts'

/**
 * Sets one key of a room's `tl_meta` (which only the server writes) as the server, and resolves
 * once it is stored: everyone connected, on any node, sees it.
 */
export function setRoomMeta(
  { rooms }: Pick<RoomDeps, 'rooms'>,
  roomId: string,
  key: string,
  value: unknown,
): Promise<void> {
  return rooms.withRoom(roomId, (room) => {
    room.doc.transact(() => getMetaMap(room.doc).set(key, value), SERVER_ORIGIN)
  })
}

/**
 * Runs `read` on a saved version's document, brought up to today's schema as a live room is
 * when it loads (a version saved before an upgrade is read like today's rooms). The document
 * lives until `read` has settled, and no longer.
 */
export async function withVersionDoc<T>(
  snapshot: Uint8Array,
  read: (doc: Y.Doc) => T | Promise<T>,
): Promise<T> {
  const schema = await boardSchema()
  const doc = newDoc()
  try {
    Y.applyUpdate(doc, snapshot)
    const migrated = migrateRoomDoc(doc, schema)
    if (migrated.type === 'error') {
      throw new ApiError('INTERNAL', `version cannot be read: ${migrated.reason}`)
    }
    return await read(doc)
  } finally {
    doc.destroy()
  }
}

/** How a report or an export names the saved version it was made from. */
function versionOf(saved: VersionRecord): ReportVersion {
  return {
    kind: 'version',
    number: saved.number,
    name: saved.name,
    createdBy: saved.createdBy,
    createdAt: new Date(saved.createdAt).toISOString(),
  }
}

/**
 * Runs `read` on a room's document: the live room's own (loaded for the duration if no one is
 * connected; not copied), or a saved version's, brought up to today's schema, when `versionId`
 * is given. `read` must only read, synchronously.
 */
export async function readRoomDoc<T>(
  { store, rooms }: RoomDeps,
  roomId: string,
  record: RoomRecord,
  versionId: string | undefined,
  read: (doc: Y.Doc, version: ReportVersion) => T,
): Promise<T> {
  if (!versionId) {
    const version: ReportVersion = {
      kind: 'live',
      updatedAt: new Date(record.updatedAt).toISOString(),
    }
    return rooms.withRoom(roomId, (room) => read(room.doc, version))
  }
  const saved = await store.getVersion(roomId, versionId)
  if (!saved) throw new ApiError('NOT_FOUND', 'no version with that id')
  return withVersionDoc(saved.snapshot, (doc) => read(doc, versionOf(saved)))
}

/**
 * What a report is rendered from, as stored updates (decoded in the render thread, not here):
 * a saved version's own document — the board as it was when it was saved — or the live room's,
 * once the loaded room's pending updates are in (copying bytes is all the event loop does).
 */
export async function reportSource(
  { store, rooms }: RoomDeps,
  roomId: string,
  record: RoomRecord,
  versionId: string | undefined,
): Promise<{ updates: Uint8Array[]; version: ReportVersion }> {
  if (versionId) {
    const saved = await store.getVersion(roomId, versionId)
    if (!saved) throw new ApiError('NOT_FOUND', 'no version with that id')
    return { updates: [saved.snapshot], version: versionOf(saved) }
  }
  await (await rooms.peek(roomId))?.flush()
  const stored = await store.loadDoc(roomId)
  if (!stored) throw new ApiError('ROOM_NOT_FOUND', 'room not found')
  return {
    updates: [stored.snapshot, ...stored.updates.map((u) => u.update)],
    version: { kind: 'live', updatedAt: new Date(record.updatedAt).toISOString() },
  }
}

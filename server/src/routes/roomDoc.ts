import * as Y from 'yjs'
import type { FastifyInstance } from 'fastify'
import { createBoardSchema, migrateRoomDoc } from '@threatboard/shared'
import { ApiError } from '../errors.ts'
import type { RoomRecord } from '../persistence/RoomStore.ts'
import type { ReportVersion } from '../report/buildReport.ts'

const schema = createBoardSchema()

/**
 * Runs `read` on a room's document: the live room's own (loaded for the duration if no one is
 * connected; not copied), or a saved version's, brought up to today's schema, when `versionId`
 * is given. `read` must only read, synchronously.
 */
export async function readRoomDoc<T>(
  app: FastifyInstance,
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
    return app.rooms.withRoom(roomId, (room) => read(room.doc, version))
  }
  const saved = await app.store.getVersion(roomId, versionId)
  if (!saved) throw new ApiError('NOT_FOUND', 'no version with that id')
  const doc = new Y.Doc()
  try {
    Y.applyUpdate(doc, saved.snapshot)
    // A version saved before an upgrade is read with today's schema, as a live room would be.
    const migrated = migrateRoomDoc(doc, schema)
    if (migrated.type === 'error') {
      throw new ApiError('INTERNAL', `version cannot be read: ${migrated.reason}`)
    }
    return read(doc, {
      kind: 'version',
      number: saved.number,
      name: saved.name,
      createdBy: saved.createdBy,
      createdAt: new Date(saved.createdAt).toISOString(),
    })
  } finally {
    doc.destroy()
  }
}

/** An ASCII download name from a room title, e.g. "checkout-threat-model.pdf". */
export function downloadName(title: string, suffix: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60)
    .toLowerCase()
  return `${slug || 'room'}-${suffix}`
}

import * as Y from 'yjs'
import type { FastifyInstance } from 'fastify'
import { createBoardSchema, migrateRoomDoc } from '@threatboard/shared'
import { ApiError } from '../errors.ts'
import type { RoomRecord } from '../persistence/RoomStore.ts'
import type { ReportVersion } from '../report/buildReport.ts'

const schema = createBoardSchema()

/**
 * A copy of a room's document to read from: the live room (loaded if need be), or a saved
 * version when `versionId` is given. The caller owns the copy and destroys it.
 */
export async function loadRoomDoc(
  app: FastifyInstance,
  roomId: string,
  record: RoomRecord,
  versionId: string | undefined,
): Promise<{ doc: Y.Doc; version: ReportVersion }> {
  const doc = new Y.Doc()
  if (versionId) {
    const saved = await app.store.getVersion(roomId, versionId)
    if (!saved) throw new ApiError('NOT_FOUND', 'no version with that id')
    Y.applyUpdate(doc, saved.snapshot)
    // A version saved before an upgrade is read with today's schema, as a live room would be.
    const migrated = migrateRoomDoc(doc, schema)
    if (migrated.type === 'error') {
      doc.destroy()
      throw new ApiError('INTERNAL', `version cannot be read: ${migrated.reason}`)
    }
    return {
      doc,
      version: {
        kind: 'version',
        number: saved.number,
        name: saved.name,
        createdBy: saved.createdBy,
        createdAt: new Date(saved.createdAt).toISOString(),
      },
    }
  }
  await app.rooms.withRoom(roomId, (room) => Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc)))
  return { doc, version: { kind: 'live', updatedAt: new Date(record.updatedAt).toISOString() } }
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

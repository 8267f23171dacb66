import * as Y from 'yjs'
import type { FastifyPluginAsync } from 'fastify'
import { createBoardSchema, migrateRoomDoc, restoreRoomDoc } from '@threatboard/shared'
import { ApiError } from '../errors.ts'
import { IMPORT_ORIGIN } from '../rooms/origins.ts'
import { openRoom, roomRateLimit } from './roomGuard.ts'
import { toVersionSummary } from './versions.ts'

const schema = createBoardSchema()

/**
 * Restore from a version (owner only): the live board and threat model become the version's, as
 * one ordinary change written by the server — connected clients see it at once, and a version
 * saved before can undo it. Invites, hints and reviews are kept.
 */
export const restoreRoutes: FastifyPluginAsync = async (app) => {
  const limit = roomRateLimit(app.config)

  app.post('/api/rooms/:id/versions/:versionId/restore', { config: limit }, async (req) => {
    const versionId = (req.params as { versionId: string }).versionId
    const { roomId } = await openRoom(app, req, 'manage')
    const saved = /^[A-Za-z0-9_-]{1,64}$/.test(versionId)
      ? await app.store.getVersion(roomId, versionId)
      : undefined
    if (!saved) throw new ApiError('NOT_FOUND', 'no version with that id')
    const source = new Y.Doc()
    try {
      Y.applyUpdate(source, saved.snapshot)
      const migrated = migrateRoomDoc(source, schema)
      if (migrated.type === 'error') {
        throw new ApiError('INTERNAL', `version cannot be read: ${migrated.reason}`)
      }
      await app.rooms.withRoom(roomId, (room) => restoreRoomDoc(room.doc, source, IMPORT_ORIGIN))
    } finally {
      source.destroy()
    }
    const { snapshot: _snapshot, ...version } = saved
    req.log.info({ room: roomId, version: version.number }, 'room restored from a version')
    return { restored: toVersionSummary(version) }
  })
}

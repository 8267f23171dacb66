import * as Y from 'yjs'
import { z } from 'zod'
import type { FastifyPluginAsync } from 'fastify'
import { NameSchema } from '@threatboard/shared/domain/common.ts'
import { ApiError } from '../errors.ts'
import type { VersionRecord } from '../persistence/RoomStore.ts'
import { readRoomDoc } from '../usecases/roomDoc.ts'
import { saveVersion } from '../usecases/versions.ts'
import { parse } from './parse.ts'
import { openRoom, roomRateLimit } from './roomGuard.ts'

const SaveVersionBody = z.strictObject({
  name: NameSchema('name', 100),
  createdBy: NameSchema('createdBy', 100),
})

export function toVersionSummary(v: VersionRecord) {
  return { ...v, createdAt: new Date(v.createdAt).toISOString() }
}

/**
 * Named versions: point-in-time snapshots of a room that the owner or an editor saves, listed
 * with who and when, and readable (never writable) by anyone with a token of the room.
 */
export const versionsRoutes: FastifyPluginAsync = async (app) => {
  const limit = roomRateLimit(app.config)

  app.post('/api/rooms/:id/versions', { config: limit }, async (req, reply) => {
    const { roomId } = await openRoom(app, req, 'edit')
    const version = await saveVersion(app, roomId, parse(SaveVersionBody, req.body, 'version'))
    req.log.info({ room: roomId, version: version.number }, 'version saved')
    return reply.code(201).send(toVersionSummary(version))
  })

  app.get('/api/rooms/:id/versions', { config: limit }, async (req) => {
    const { roomId } = await openRoom(app, req, 'read')
    return { versions: (await app.store.listVersions(roomId)).map(toVersionSummary) }
  })

  /**
   * The version's whole document as one Yjs update, to open read-only in the client; brought up
   * to this server's schema first, as live rooms are when they load.
   */
  app.get('/api/rooms/:id/versions/:versionId/doc', { config: limit }, async (req, reply) => {
    const versionId = (req.params as { versionId: string }).versionId
    const { roomId, record } = await openRoom(app, req, 'read')
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(versionId)) {
      throw new ApiError('NOT_FOUND', 'no version with that id')
    }
    const { update, number } = await readRoomDoc(app, roomId, record, versionId, (doc, v) => ({
      update: Y.encodeStateAsUpdate(doc),
      number: v.kind === 'version' ? v.number : 0,
    }))
    return reply
      .type('application/octet-stream')
      .header('x-version-number', String(number))
      .send(Buffer.from(update))
  })
}

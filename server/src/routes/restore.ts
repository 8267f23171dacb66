import type { FastifyPluginAsync } from 'fastify'
import { ApiError } from '../errors.ts'
import { restoreVersion } from '../usecases/versions.ts'
import { openRoom, roomRateLimit } from './roomGuard.ts'
import { toVersionSummary } from './versions.ts'

/**
 * Restore from a version (owner only; usecases/versions.ts says what a restore changes and
 * keeps).
 */
export const restoreRoutes: FastifyPluginAsync = async (app) => {
  const limit = roomRateLimit(app.config)

  app.post('/api/rooms/:id/versions/:versionId/restore', { config: limit }, async (req) => {
    const versionId = (req.params as { versionId: string }).versionId
    const { roomId } = await openRoom(app, req, 'manage')
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(versionId)) {
      throw new ApiError('NOT_FOUND', 'no version with that id')
    }
    const version = await restoreVersion(app, roomId, versionId)
    req.log.info({ room: roomId, version: version.number }, 'room restored from a version')
    return { restored: toVersionSummary(version) }
  })
}

import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { ROLES, type RoomWithRole } from '@threatboard/shared/api/access.ts'
import { CreateRoomBodySchema, PatchRoomBodySchema } from '@threatboard/shared/api/rooms.ts'
import { ApiError } from '../errors.ts'
import type { Role } from '../auth/authorize.ts'
import {
  createRoomFromTemplate,
  deleteRoom,
  inviteLink,
  reissueToken,
  renameRoom,
  revokeToken,
  toSummary,
} from '../usecases/rooms.ts'
import { parse } from './parse.ts'
import { openRoom, requireAdminToken, roomRateLimit } from './roomGuard.ts'

export { roomIdParam } from './roomGuard.ts'

/** The origin invite links point at: PUBLIC_URL, or the origin the request came to. */
export function publicOrigin(req: FastifyRequest, configured: string | undefined): string {
  return configured ?? `${req.protocol}://${req.host}`
}

/** Rooms over HTTP; what each operation does to a room is in usecases/rooms.ts. */
export const roomsRoutes: FastifyPluginAsync = async (app) => {
  const { adminToken, publicUrl, rateLimits } = app.config
  const roomLimit = roomRateLimit(app.config)

  const requireAdmin = (req: FastifyRequest) => requireAdminToken(adminToken, req)

  app.get('/api/rooms', { config: roomLimit }, async (req) => {
    requireAdmin(req)
    const rooms = await app.store.listRooms()
    return { rooms: rooms.map(toSummary) }
  })

  app.post(
    '/api/rooms',
    { config: { rateLimit: { max: rateLimits.createPerMin, timeWindow: 60_000 } } },
    async (req, reply) => {
      requireAdmin(req)
      const body = parse(CreateRoomBodySchema, req.body, 'room')
      const created = await createRoomFromTemplate(
        { store: app.store, log: req.log },
        publicOrigin(req, publicUrl),
        body,
      )
      return reply.code(201).send(created)
    },
  )

  app.get('/api/rooms/:id', { config: roomLimit }, async (req) => {
    const { record, caller } = await openRoom(app, req, 'read')
    const { maxMessageBytes, maxDocBytes } = app.config.limits
    const answer: RoomWithRole = {
      ...toSummary(record),
      role: caller.role,
      limits: { maxMessageBytes, maxDocBytes },
    }
    return answer
  })

  app.patch('/api/rooms/:id', { config: roomLimit }, async (req) => {
    const { roomId: id } = await openRoom(app, req, 'manage')
    const body = parse(PatchRoomBodySchema, req.body, 'room')
    return toSummary(await renameRoom(app, id, body.title))
  })

  app.delete('/api/rooms/:id', { config: roomLimit }, async (req, reply) => {
    const { roomId: id } = await openRoom(app, req, 'manage')
    await deleteRoom(app, id)
    req.log.info({ room: id }, 'room deleted')
    return reply.code(204).send()
  })

  const roleParam = (params: unknown): Role => {
    const role = (params as { role?: string }).role as Role
    if (!ROLES.includes(role))
      throw new ApiError('BAD_REQUEST', `role must be one of ${ROLES.join(', ')}`)
    return role
  }

  /** Re-issues a role's token: the old one stops working and its live sockets are closed. */
  app.post('/api/rooms/:id/tokens/:role', { config: roomLimit }, async (req) => {
    const role = roleParam(req.params)
    const { roomId: id } = await openRoom(app, req, 'manage')
    const token = await reissueToken(app, id, role)
    req.log.info({ room: id, role }, 'token re-issued')
    return { role, token, link: inviteLink(publicOrigin(req, publicUrl), id, token) }
  })

  /** Revokes a role's token without a replacement (not the owner's: that would lock the room). */
  app.delete('/api/rooms/:id/tokens/:role', { config: roomLimit }, async (req, reply) => {
    const role = roleParam(req.params)
    const { roomId: id } = await openRoom(app, req, 'manage')
    await revokeToken(app, id, role)
    req.log.info({ room: id, role }, 'token revoked')
    return reply.code(204).send()
  })
}

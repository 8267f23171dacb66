import * as Y from 'yjs'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import {
  createBoardSchema,
  CreateRoomBodySchema,
  createRoomId,
  initialBoardRecords,
  PatchRoomBodySchema,
  ROLES,
  seedRoomDoc,
  type CreatedRoom,
  type RoomSummary,
} from '@threatboard/shared'
import { ApiError } from '../errors.ts'
import type { RoomRecord, RoomStore } from '../persistence/RoomStore.ts'
import type { Role } from '../auth/authorize.ts'
import { issueAllTokens, issueToken } from '../auth/tokens.ts'
import { parse } from './parse.ts'
import { openRoom, requireAdminToken, roomRateLimit } from './roomGuard.ts'
import { fillFromTemplate, templateById } from './templates.ts'

const schema = createBoardSchema()

export function toSummary(r: RoomRecord): RoomSummary {
  return {
    id: r.id,
    title: r.title,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
    sizeBytes: r.sizeBytes,
  }
}

/** The document every new room starts from, seeded here so clients never race to seed it. */
export function initialSnapshot(fill?: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc()
  seedRoomDoc(doc, schema, initialBoardRecords())
  fill?.(doc)
  const snapshot = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return snapshot
}

export { roomIdParam } from './roomGuard.ts'

/** The origin invite links point at: PUBLIC_URL, or the origin the request came to. */
export function publicOrigin(req: FastifyRequest, configured: string | undefined): string {
  return configured ?? `${req.protocol}://${req.host}`
}

/** A link that opens the room with a token. The token is in the fragment: never sent to servers. */
export function inviteLink(origin: string, roomId: string, token: string): string {
  return `${origin}/r/${roomId}#token=${encodeURIComponent(token)}`
}

/**
 * Creates a room from a seeded document with one token per role, and answers as room creation
 * does: the summary, the tokens and the invite links (shown this once).
 */
export async function createRoom(
  store: RoomStore,
  req: FastifyRequest,
  publicUrl: string | undefined,
  title: string,
  snapshot: Uint8Array,
): Promise<CreatedRoom> {
  const record = await store.createRoom({ id: createRoomId(), title, snapshot })
  const tokens = await issueAllTokens(store, record.id)
  req.log.info({ room: record.id }, 'room created')
  const origin = publicOrigin(req, publicUrl)
  const links = Object.fromEntries(
    ROLES.map((role) => [role, inviteLink(origin, record.id, tokens[role])]),
  ) as Record<Role, string>
  return { ...toSummary(record), tokens, links }
}

export const roomsRoutes: FastifyPluginAsync = async (app) => {
  const { adminToken, publicUrl, rateLimits } = app.config
  const notFound = () => new ApiError('ROOM_NOT_FOUND', 'room not found')
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
      const fill = body.template ? fillFromTemplate(templateById(body.template)) : undefined
      const created = await createRoom(app.store, req, publicUrl, body.title, initialSnapshot(fill))
      return reply.code(201).send(created)
    },
  )

  app.get('/api/rooms/:id', { config: roomLimit }, async (req) => {
    const { record, caller } = await openRoom(app, req, 'read')
    return { ...toSummary(record), role: caller.role }
  })

  app.patch('/api/rooms/:id', { config: roomLimit }, async (req) => {
    const { roomId: id } = await openRoom(app, req, 'manage')
    const body = parse(PatchRoomBodySchema, req.body, 'room')
    const record = await app.store.renameRoom(id, body.title)
    if (!record) throw notFound()
    return toSummary(record)
  })

  app.delete('/api/rooms/:id', { config: roomLimit }, async (req, reply) => {
    const { roomId: id } = await openRoom(app, req, 'manage')
    await app.rooms.evict(id)
    if (!(await app.store.deleteRoom(id))) throw notFound()
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
    const token = await issueToken(app.store, id, role)
    await app.rooms.closeRole(id, role, 'invite re-issued')
    req.log.info({ room: id, role }, 'token re-issued')
    return { role, token, link: inviteLink(publicOrigin(req, publicUrl), id, token) }
  })

  /** Revokes a role's token without a replacement (not the owner's: that would lock the room). */
  app.delete('/api/rooms/:id/tokens/:role', { config: roomLimit }, async (req, reply) => {
    const role = roleParam(req.params)
    const { roomId: id } = await openRoom(app, req, 'manage')
    if (role === 'owner') {
      throw new ApiError('BAD_REQUEST', 'the owner token can be re-issued but not revoked')
    }
    await app.store.revokeToken(id, role)
    await app.rooms.closeRole(id, role, 'invite revoked')
    req.log.info({ room: id, role }, 'token revoked')
    return reply.code(204).send()
  })
}

import type { FastifyInstance, FastifyRequest } from 'fastify'
import { isRoomId } from '@threatboard/shared/protocol/roomId.ts'
import { ApiError } from '../errors.ts'
import type { RoomCaller, RoomAction } from '../auth/authorize.ts'
import type { Config } from '../config.ts'
import type { RoomRecord } from '../persistence/RoomStore.ts'

/** Checks the id's format before any lookup: a malformed id is a 400, an unknown one a 404. */
export function roomIdParam(params: unknown): string {
  const id = (params as { id?: string }).id ?? ''
  if (!isRoomId(id)) throw new ApiError('BAD_REQUEST', 'invalid room id')
  return id
}

/**
 * The checks every room route starts with, in order: id format (400), room exists (404),
 * token valid for this room (401), role allowed to `action` (403).
 */
export async function openRoom(
  app: FastifyInstance,
  req: FastifyRequest,
  action: RoomAction,
): Promise<{ roomId: string; record: RoomRecord; caller: RoomCaller }> {
  const roomId = roomIdParam(req.params)
  const record = await app.store.getRoom(roomId)
  if (!record) throw new ApiError('ROOM_NOT_FOUND', 'room not found')
  const caller = await app.authorize(req, roomId, action)
  return { roomId, record, caller }
}

/** Route config for the per-IP limit on authenticated room requests. */
export function roomRateLimit(config: Config) {
  return { rateLimit: { max: config.rateLimits.roomPerMin, timeWindow: 60_000 } }
}

/** Room creation (and the full room list) need the admin token when the server has one. */
export function requireAdminToken(adminToken: string | undefined, req: FastifyRequest): void {
  if (!adminToken) return
  if (req.headers.authorization !== `Bearer ${adminToken}`) {
    throw new ApiError('UNAUTHORIZED', 'this server requires the admin token for that')
  }
}

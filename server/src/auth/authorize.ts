import type { FastifyRequest } from 'fastify'
import { ApiError } from '../errors.ts'
import type { RoomStore } from '../persistence/RoomStore.ts'
import { hashToken } from './tokens.ts'

/** What a request wants to do with a room. */
export type RoomAction = 'read' | 'edit' | 'manage' | 'hint' | 'review'

export type { Role } from '@threatboard/shared/api/access.ts'
import type { Role } from '@threatboard/shared/api/access.ts'

/** Who may do what. Observers change nothing of the team's work: they hint and review. */
export const PERMISSIONS: Record<RoomAction, readonly Role[]> = {
  read: ['owner', 'editor', 'observer', 'viewer'],
  edit: ['owner', 'editor'],
  manage: ['owner'],
  hint: ['owner', 'observer'],
  review: ['owner', 'observer'],
}

export function can(role: Role, action: RoomAction): boolean {
  return PERMISSIONS[action].includes(role)
}

/** The caller of a room request: role, and the hash of the token that proved it. */
export interface RoomCaller {
  role: Role
  tokenHash: string
}

/**
 * Checks that the request may perform `action` on room `roomId` and returns the caller, or
 * throws 401 (no or unknown token) / 403 (the role may not). Every room route calls it.
 */
export type Authorize = (
  req: FastifyRequest,
  roomId: string,
  action: RoomAction,
) => Promise<RoomCaller>

/** The bearer token of a request: the Authorization header, or `?token=` (WebSocket). */
export function requestToken(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || undefined
  const query = (req.query as { token?: unknown } | undefined)?.token
  return typeof query === 'string' && query.length > 0 ? query : undefined
}

export function createAuthorize(store: RoomStore): Authorize {
  return async (req, roomId, action) => {
    const token = requestToken(req)
    if (!token) {
      throw new ApiError('UNAUTHORIZED', 'an invite token is required (Authorization: Bearer …)')
    }
    if (token.length > 200) throw new ApiError('UNAUTHORIZED', 'invalid token')
    const tokenHash = hashToken(token)
    const role = await store.findToken(roomId, tokenHash)
    if (!role) throw new ApiError('UNAUTHORIZED', 'this token is not valid for this room')
    if (!can(role, action)) {
      throw new ApiError('FORBIDDEN', `the ${role} role may not ${action} this room`)
    }
    return { role, tokenHash }
  }
}

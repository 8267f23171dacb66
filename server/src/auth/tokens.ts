import { createHash, randomBytes } from 'node:crypto'
import type { RoomStore } from '../persistence/RoomStore.ts'
import type { Role } from './authorize.ts'

import { ROLES } from '@threatboard/shared/api/access.ts'

/** An invite token: 256 random bits, base64url, with a prefix that makes it easy to spot. */
export function createToken(): string {
  return `tb_${randomBytes(32).toString('base64url')}`
}

/** Only this hash is stored; a leaked database opens no room. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** Issues a fresh token for every role of a new room. Returned once, never stored in clear. */
export async function issueAllTokens(
  store: RoomStore,
  roomId: string,
): Promise<Record<Role, string>> {
  const tokens = {} as Record<Role, string>
  for (const role of ROLES) tokens[role] = await issueToken(store, roomId, role)
  return tokens
}

/** Issues a new token for one role, revoking the previous one. */
export async function issueToken(store: RoomStore, roomId: string, role: Role): Promise<string> {
  const token = createToken()
  await store.setToken(roomId, role, hashToken(token))
  return token
}

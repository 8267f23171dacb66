import { roomPath } from '../routing/matchRoute.ts'
import { clearLocalCopy } from '../sync/clearLocalCopy.ts'

/** Roles a room grants through its invite tokens (enforced by the server; README "Roles"). */
export type Role = 'owner' | 'editor' | 'observer' | 'viewer'

export const ROLES: readonly Role[] = ['owner', 'editor', 'observer', 'viewer']

/** Roles whose edits the server accepts. Observers and viewers see the board read-only. */
export function canEdit(role: Role): boolean {
  return role === 'owner' || role === 'editor'
}

/** What this browser knows about its access to one room. */
export interface RoomAccess {
  /** The invite token this browser uses for the room. */
  token: string
  /** The role the server gave that token, once known. */
  role?: Role
  /** Every role's token: only the browser that created the room has them (shown once). */
  invites?: Partial<Record<Role, string>>
}

const storageKey = (roomId: string) => `threatboard.room.${roomId}`

export function loadRoomAccess(roomId: string): RoomAccess | null {
  try {
    const saved = JSON.parse(localStorage.getItem(storageKey(roomId)) ?? 'null') as unknown
    if (typeof (saved as RoomAccess | null)?.token === 'string') return saved as RoomAccess
  } catch {
    // Unreadable storage: as if there were no token.
  }
  return null
}

export function saveRoomAccess(roomId: string, access: RoomAccess): void {
  try {
    localStorage.setItem(storageKey(roomId), JSON.stringify(access))
  } catch {
    // Private mode or full storage: the invite link has to be opened again next time.
  }
}

/** Forgets the room's invite and this browser's copy of its document (IndexedDB). */
export function forgetRoomAccess(roomId: string): void {
  localStorage.removeItem(storageKey(roomId))
  void clearLocalCopy(roomId)
}

/** The shareable link that opens `roomId` with `token` (the fragment never reaches a server). */
export function inviteLink(roomId: string, token: string): string {
  return `${location.origin}${roomPath(roomId)}#token=${encodeURIComponent(token)}`
}

/**
 * Moves the token of an invite link (`/r/<id>#token=…`) into storage and drops it from the
 * address bar, so a copied address or a screenshot does not hand out this role by accident.
 * Returns true when a token was taken.
 */
export function takeTokenFromLocation(): boolean {
  const token = new URLSearchParams(location.hash.slice(1)).get('token')
  const roomId = /^\/r\/([^/]+)/.exec(location.pathname)?.[1]
  if (!token || !roomId) return false
  const known = loadRoomAccess(roomId)
  const role = known?.token === token ? known.role : undefined
  saveRoomAccess(roomId, { ...known, token, role })
  history.replaceState(history.state, '', location.pathname + location.search)
  return true
}

/** Every room this browser holds an invite for. */
export function listRoomAccess(): { roomId: string; access: RoomAccess }[] {
  const out: { roomId: string; access: RoomAccess }[] = []
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i)
    if (!key?.startsWith('threatboard.room.')) continue
    const roomId = key.slice('threatboard.room.'.length)
    const access = loadRoomAccess(roomId)
    if (access) out.push({ roomId, access })
  }
  return out
}

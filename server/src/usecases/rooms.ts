import * as Y from 'yjs'
import { newDoc } from '../yDoc.ts'
import { ROLES, type CreatedRoom } from '@threatboard/shared/api/access.ts'
import type { RoomSummary } from '@threatboard/shared/api/rooms.ts'
import { seedRoomDoc, TITLE_KEY } from '@threatboard/shared/doc/roomDoc.ts'
import { boardSchema } from '../rooms/boardSchema.ts'
import { createRoomId } from '@threatboard/shared/protocol/roomId.ts'
import { ApiError } from '../errors.ts'
import type { RoomRecord, RoomStore } from '../persistence/RoomStore.ts'
import type { Role } from '../auth/authorize.ts'
import { issueAllTokens, issueToken } from '../auth/tokens.ts'
import type { RoomDeps, UseCaseLog } from './deps.ts'
import { setRoomMeta } from './roomDoc.ts'

const notFound = () => new ApiError('ROOM_NOT_FOUND', 'room not found')

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
export async function initialSnapshot(fill?: (doc: Y.Doc) => void): Promise<Uint8Array> {
  const schema = await boardSchema()
  const { initialBoardRecords } = await import('@threatboard/shared/doc/tldrawSchema.ts')
  const doc = newDoc()
  seedRoomDoc(doc, schema, initialBoardRecords())
  fill?.(doc)
  const snapshot = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return snapshot
}

/** A link that opens the room with a token. The token is in the fragment: never sent to servers. */
export function inviteLink(origin: string, roomId: string, token: string): string {
  return `${origin}/r/${roomId}#token=${encodeURIComponent(token)}`
}

/**
 * Creates a room from a seeded document with one token per role, and answers as room creation
 * does: the summary, the tokens and the invite links (at `origin`; shown this once).
 */
export async function createRoom(
  { store, log }: { store: RoomStore; log: UseCaseLog },
  origin: string,
  title: string,
  snapshot: Uint8Array,
): Promise<CreatedRoom> {
  const record = await store.createRoom({ id: createRoomId(), title, snapshot })
  const tokens = await issueAllTokens(store, record.id)
  log.info({ room: record.id }, 'room created')
  const links = Object.fromEntries(
    ROLES.map((role) => [role, inviteLink(origin, record.id, tokens[role])]),
  ) as Record<Role, string>
  return { ...toSummary(record), tokens, links }
}

/** A new room, empty or filled from a starter template. */
export async function createRoomFromTemplate(
  deps: { store: RoomStore; log: UseCaseLog },
  origin: string,
  input: { title: string; template?: string | undefined },
): Promise<CreatedRoom> {
  // The starter templates load with the first room made from one.
  const templates = input.template ? await import('./templates.ts') : undefined
  const fill =
    input.template && templates
      ? templates.fillFromTemplate(templates.templateById(input.template))
      : undefined
  return createRoom(deps, origin, input.title, await initialSnapshot(fill))
}

/**
 * Renames the room in the store, then in its document's meta, which tells everyone connected
 * (their headers follow it).
 */
export async function renameRoom(
  { store, rooms }: RoomDeps,
  roomId: string,
  title: string,
): Promise<RoomRecord> {
  const record = await store.renameRoom(roomId, title)
  if (!record) throw notFound()
  await setRoomMeta({ rooms }, roomId, TITLE_KEY, record.title)
  return record
}

/** Closes the room's sockets and unloads it, then deletes it from the store. */
export async function deleteRoom({ store, rooms }: RoomDeps, roomId: string): Promise<void> {
  await rooms.evict(roomId)
  if (!(await store.deleteRoom(roomId))) throw notFound()
}

/** Re-issues a role's token: the old one stops working and its live sockets are closed. */
export async function reissueToken(
  { store, rooms }: RoomDeps,
  roomId: string,
  role: Role,
): Promise<string> {
  const token = await issueToken(store, roomId, role)
  await rooms.closeRole(roomId, role, 'invite re-issued')
  return token
}

/** Revokes a role's token without a replacement (not the owner's: that would lock the room). */
export async function revokeToken(
  { store, rooms }: RoomDeps,
  roomId: string,
  role: Role,
): Promise<void> {
  if (role === 'owner') {
    throw new ApiError('BAD_REQUEST', 'the owner token can be re-issued but not revoked')
  }
  await store.revokeToken(roomId, role)
  await rooms.closeRole(roomId, role, 'invite revoked')
}

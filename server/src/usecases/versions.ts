import { randomBytes } from 'node:crypto'
import { restoreRoomDoc } from '@threatboard/shared/doc/restoreDoc.ts'
import { LAST_VERSION_KEY } from '@threatboard/shared/doc/roomDoc.ts'
import { ApiError } from '../errors.ts'
import type { VersionRecord } from '../persistence/RoomStore.ts'
import { IMPORT_ORIGIN } from '../rooms/origins.ts'
import type { RoomDeps } from './deps.ts'
import { setRoomMeta, withVersionDoc } from './roomDoc.ts'

/**
 * Saves the room's document as it is now as a named version, and says so in the document's
 * meta: everyone connected sees the new version in their list.
 */
export async function saveVersion(
  { store, rooms }: RoomDeps,
  roomId: string,
  input: { name: string; createdBy: string },
): Promise<VersionRecord> {
  const snapshot = await rooms.withRoom(roomId, (room) => room.encodedState())
  const version = await store.saveVersion(roomId, {
    id: `v${randomBytes(9).toString('base64url')}`,
    name: input.name,
    createdBy: input.createdBy,
    snapshot,
  })
  if (!version) throw new ApiError('ROOM_NOT_FOUND', 'room not found')
  await setRoomMeta({ rooms }, roomId, LAST_VERSION_KEY, version.id)
  return version
}

/**
 * Restores the live board and threat model from a version, as one ordinary change written by
 * the server: connected clients see it at once, and a version saved before can undo it.
 * Invites, hints and reviews are kept.
 */
export async function restoreVersion(
  { store, rooms }: RoomDeps,
  roomId: string,
  versionId: string,
): Promise<VersionRecord> {
  const saved = await store.getVersion(roomId, versionId)
  if (!saved) throw new ApiError('NOT_FOUND', 'no version with that id')
  await withVersionDoc(saved.snapshot, (source) =>
    rooms.withRoom(roomId, (room) => restoreRoomDoc(room.doc, source, IMPORT_ORIGIN)),
  )
  const { snapshot: _snapshot, ...version } = saved
  return version
}

import { randomBytes } from 'node:crypto'
import type * as Y from 'yjs'
import {
  deleteEntity,
  getCollection,
  parseEntity,
  readCollection,
  writeEntity,
} from '@threatboard/shared/doc/modelDoc.ts'
import { isDrawnShape } from '@threatboard/shared/doc/drawnRecords.ts'
import { SERVER_ORIGIN } from '@threatboard/shared/doc/roomDoc.ts'
import type { Hint, Review } from '@threatboard/shared/domain/hint.ts'
import { ApiError } from '../errors.ts'
import type { RoomDeps } from './deps.ts'

const newId = (prefix: string) => `${prefix}${randomBytes(9).toString('base64url')}`

const noHint = () => new ApiError('NOT_FOUND', 'no hint with that id')

/**
 * Why a new hint's target is not in the room: an element no browser draws (gone, not a shape, or
 * a record the browsers skip), an unknown threat.
 */
function missingTarget(doc: Y.Doc, target: Hint['target']): string | undefined {
  if (target.kind === 'element' && !isDrawnShape(doc, target.id)) {
    return `no element ${target.id} on the board`
  }
  if (target.kind === 'threat' && !getCollection(doc, 'threats').has(target.id)) {
    return `no threat ${target.id} in the model`
  }
  return undefined
}

/**
 * Hints and reviews are server-mediated writes: observers cannot write the document, so the
 * server validates, attributes, timestamps and writes them as its own update. A hidden hint is
 * staged in the store, out of the shared document, until revealed.
 */
export async function postHint(
  { store, rooms }: RoomDeps,
  roomId: string,
  input: Pick<Hint, 'text' | 'author' | 'target'> & { hidden: boolean },
): Promise<Hint> {
  const hint: Hint = parseEntity('hints', {
    id: newId('h'),
    text: input.text,
    author: input.author,
    target: input.target,
    createdAt: Date.now(),
    hidden: input.hidden,
    state: 'open',
  })
  // A hint names what is there when it is posted (it may be removed later: the hint stays).
  await rooms.withRoom(roomId, (room) => {
    const missing = missingTarget(room.doc, hint.target)
    if (missing) throw new ApiError('UNPROCESSABLE', missing)
    if (!hint.hidden) writeEntity(room.doc, 'hints', hint, SERVER_ORIGIN)
  })
  if (hint.hidden) await store.putStagedHint(roomId, hint.id, JSON.stringify(hint))
  return hint
}

export async function listStagedHints({ store }: RoomDeps, roomId: string): Promise<Hint[]> {
  return (await store.listStagedHints(roomId)).map((j) => JSON.parse(j) as Hint)
}

/** Moves a staged hint into the shared document. */
export async function revealHint(
  { store, rooms }: RoomDeps,
  roomId: string,
  hintId: string,
): Promise<Hint> {
  const json = await store.takeStagedHint(roomId, hintId)
  if (!json) throw new ApiError('NOT_FOUND', 'no staged hint with that id')
  const hint = { ...(JSON.parse(json) as Hint), hidden: false }
  await rooms.withRoom(roomId, (room) => writeEntity(room.doc, 'hints', hint, SERVER_ORIGIN))
  return hint
}

export async function setHintState(
  { rooms }: RoomDeps,
  roomId: string,
  hintId: string,
  state: Hint['state'],
): Promise<Hint> {
  return rooms.withRoom(roomId, (room) => {
    const hint = readCollection(room.doc, 'hints').find((h) => h.id === hintId)
    if (!hint) throw noHint()
    const next = { ...hint, state }
    writeEntity(room.doc, 'hints', next, SERVER_ORIGIN)
    return next
  })
}

/** Deletes a hint, staged or in the document. */
export async function deleteHint(
  { store, rooms }: RoomDeps,
  roomId: string,
  hintId: string,
): Promise<void> {
  const staged = await store.takeStagedHint(roomId, hintId)
  const deleted =
    staged !== undefined ||
    (await rooms.withRoom(roomId, (room) => {
      if (!getCollection(room.doc, 'hints').has(hintId)) return false
      deleteEntity(room.doc, 'hints', hintId, SERVER_ORIGIN)
      return true
    }))
  if (!deleted) throw noHint()
}

export async function postReview(
  { rooms }: RoomDeps,
  roomId: string,
  input: Omit<Review, 'id' | 'at'>,
): Promise<Review> {
  const review = parseEntity('reviews', { id: newId('v'), ...input, at: Date.now() })
  await rooms.withRoom(roomId, (room) => writeEntity(room.doc, 'reviews', review, SERVER_ORIGIN))
  return review
}

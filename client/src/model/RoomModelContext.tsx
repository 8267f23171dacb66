import { createContext, useContext } from 'react'
import type * as Y from 'yjs'
import type { Editor } from 'tldraw'
import type { Awareness } from 'y-protocols/awareness'
import type { Role } from '@threatboard/shared'

/**
 * What the board's panels and custom shapes need to read and write the threat model: the
 * room's Y.Doc, who is looking (role, name), the mounted editor (null until tldraw mounts), and
 * how to call the room's API. Provided once per room visit by RoomSession.
 */
export interface RoomModel {
  roomId: string
  /** The invite token of this browser for the room (sent as Bearer on API calls). */
  token: string
  doc: Y.Doc
  role: Role
  /** False for observers and viewers: the UI offers no edits (the server refuses them anyway). */
  canEdit: boolean
  /** The local user's display name (attribution of threats, hints, reviews). */
  userName: string
  editor: Editor | null
  /** Who is in the room now (the live board's presence); absent on a saved version. */
  awareness?: Awareness
}

export const RoomModelContext = createContext<RoomModel | null>(null)

/** The room model; throws when used outside a room (a programming error, not a user one). */
export function useRoomModel(): RoomModel {
  const model = useContext(RoomModelContext)
  if (!model) throw new Error('useRoomModel must be used inside <RoomModelContext.Provider>')
  return model
}

import * as Y from 'yjs'
import { getCollection, getSessionMap } from '@threatboard/shared'

/** The origin of this browser's model edits: only these are undone by this browser. */
export const LOCAL_MODEL_ORIGIN = Symbol('threatboard local model edit')

const managers = new WeakMap<Y.Doc, Y.UndoManager>()

/**
 * Undo and redo for this user's edits of the threat model (session, assets, threats,
 * recommendations). Other people's edits are never undone here; tldraw undoes the canvas.
 */
export function modelUndo(doc: Y.Doc): Y.UndoManager {
  let manager = managers.get(doc)
  if (!manager) {
    manager = new Y.UndoManager(
      [
        getSessionMap(doc),
        getCollection(doc, 'assets'),
        getCollection(doc, 'threats'),
        getCollection(doc, 'recommendations'),
      ],
      { trackedOrigins: new Set([LOCAL_MODEL_ORIGIN]), captureTimeout: 300 },
    )
    managers.set(doc, manager)
  }
  return manager
}

import * as Y from 'yjs'
import { isPageId, type Editor, type TLBinding, type TLShape } from 'tldraw'
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

/**
 * A model edit of this user's that also takes shapes off the board (a deleted threat's cards, a
 * deleted asset's pins), as one undo step of its own: "Undo model edit" brings the shapes back
 * where they were, tied to what they were tied to, and redo takes them again. tldraw's own undo
 * does not see them go, so it cannot bring back a card of a threat that is gone.
 */
export function modelEditTakingShapes(
  doc: Y.Doc,
  editor: Editor | null,
  shapes: TLShape[],
  edit: () => void,
): void {
  const undo = modelUndo(doc)
  keepShapesWithSteps(undo)
  // Not merged into an edit made just before or just after.
  undo.stopCapturing()
  doc.transact(edit, LOCAL_MODEL_ORIGIN)
  undo.stopCapturing()
  if (!editor || shapes.length === 0) return
  const taken: TakenShapes = {
    editor,
    shapes,
    bindings: shapes.flatMap((s) => editor.getBindingsInvolvingShape(s.id)),
  }
  editor.run(() => editor.deleteShapes(shapes), { history: 'ignore' })
  undo.undoStack.at(-1)?.meta.set(TAKEN_SHAPES, taken)
}

/** The shapes an undo step took off the board, as they were, in the step's meta. */
const TAKEN_SHAPES = 'threatboard:taken-shapes'

interface TakenShapes {
  editor: Editor
  shapes: TLShape[]
  bindings: TLBinding[]
}

const keeping = new WeakSet<Y.UndoManager>()

/**
 * Undoing a step that took shapes puts them back; redoing it takes them again. They travel from
 * step to step: Yjs makes a new step on the other stack for each undo or redo, while the step
 * being undone or redone is `currStackItem`.
 */
function keepShapesWithSteps(undo: Y.UndoManager): void {
  if (keeping.has(undo)) return
  keeping.add(undo)
  undo.on('stack-item-added', ({ stackItem }) => {
    const taken = undo.currStackItem?.meta.get(TAKEN_SHAPES)
    if (taken && (undo.undoing || undo.redoing)) stackItem.meta.set(TAKEN_SHAPES, taken)
  })
  undo.on('stack-item-popped', ({ stackItem, type }) => {
    const taken = stackItem.meta.get(TAKEN_SHAPES) as TakenShapes | undefined
    if (!taken || taken.editor.isDisposed) return
    const { editor } = taken
    editor.run(
      () => {
        if (type === 'redo') {
          editor.deleteShapes(taken.shapes.filter((s) => editor.getShape(s.id)))
          return
        }
        // A shape whose page went meanwhile comes back on the page in view.
        const here = (s: TLShape) =>
          isPageId(s.parentId) ? editor.getPage(s.parentId) : editor.getShape(s.parentId)
        editor.createShapes(
          taken.shapes
            .filter((s) => !editor.getShape(s.id))
            .map((s) => (here(s) ? s : { ...s, parentId: editor.getCurrentPageId() })),
        )
        editor.createBindings(
          taken.bindings.filter(
            (b) => !editor.getBinding(b.id) && editor.getShape(b.fromId) && editor.getShape(b.toId),
          ),
        )
      },
      { history: 'ignore' },
    )
  })
}

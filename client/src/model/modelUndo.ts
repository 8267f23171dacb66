import * as Y from 'yjs'
import { isPageId, type Editor, type TLBinding, type TLShape, type TLShapeId } from 'tldraw'
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
  const taken: StepShapes = {
    editor,
    shapes,
    bindings: shapes.flatMap((s) => editor.getBindingsInvolvingShape(s.id)),
    given: false,
  }
  editor.run(() => editor.deleteShapes(shapes), { history: 'ignore' })
  undo.undoStack.at(-1)?.meta.set(STEP_SHAPES, taken)
}

/**
 * A model edit of this user's that also puts shapes on the board (a new threat and its card),
 * as one undo step of its own: "Undo model edit" takes the shapes off with the threat (a card
 * left behind would stand for a threat that is gone) and redo puts them back where they were
 * by then. `edit` makes the model edit and returns the ids of the shapes it put on the board.
 */
export function modelEditGivingShapes(
  doc: Y.Doc,
  editor: Editor,
  edit: () => readonly TLShapeId[],
): void {
  const undo = modelUndo(doc)
  keepShapesWithSteps(undo)
  undo.stopCapturing()
  const steps = undo.undoStack.length
  const given = edit()
  // Not merged with the next edit either (a severity typed at once is its own step).
  undo.stopCapturing()
  const shapes = given.map((id) => editor.getShape(id)).filter((s) => s !== undefined)
  // Only on the step this edit made, never on an earlier one.
  if (shapes.length === 0 || undo.undoStack.length !== steps + 1) return
  undo.undoStack.at(-1)!.meta.set(STEP_SHAPES, { editor, shapes, bindings: [], given: true })
}

/**
 * The shapes an undo step took off the board (`given: false`: undoing it puts them back) or put
 * on it (`given: true`: undoing it takes them off), as they were last seen, in the step's meta.
 */
const STEP_SHAPES = 'threatboard:step-shapes'

interface StepShapes {
  editor: Editor
  shapes: TLShape[]
  bindings: TLBinding[]
  given: boolean
}

const keeping = new WeakSet<Y.UndoManager>()

/**
 * Undoing a step that took shapes puts them back, redoing it takes them again; the other way
 * round for a step that put shapes on the board. They travel from step to step: Yjs makes a new
 * step on the other stack for each undo or redo, while the step being undone or redone is
 * `currStackItem`.
 */
function keepShapesWithSteps(undo: Y.UndoManager): void {
  if (keeping.has(undo)) return
  keeping.add(undo)
  undo.on('stack-item-added', ({ stackItem }) => {
    const moved = undo.currStackItem?.meta.get(STEP_SHAPES)
    if (moved && (undo.undoing || undo.redoing)) stackItem.meta.set(STEP_SHAPES, moved)
  })
  undo.on('stack-item-popped', ({ stackItem, type }) => {
    const moved = stackItem.meta.get(STEP_SHAPES) as StepShapes | undefined
    if (!moved || moved.editor.isDisposed) return
    const { editor } = moved
    editor.run(
      () => {
        if ((type === 'undo') === moved.given) {
          // Taken off as they are now (moved, retitled since), to come back so; one deleted
          // meanwhile by hand stays deleted.
          const here = moved.shapes.flatMap((s) => editor.getShape(s.id) ?? [])
          moved.shapes = here
          moved.bindings = here.flatMap((s) => editor.getBindingsInvolvingShape(s.id))
          if (here.length > 0) editor.deleteShapes(here)
          return
        }
        // A shape whose page went meanwhile comes back on the page in view.
        const here = (s: TLShape) =>
          isPageId(s.parentId) ? editor.getPage(s.parentId) : editor.getShape(s.parentId)
        editor.createShapes(
          moved.shapes
            .filter((s) => !editor.getShape(s.id))
            .map((s) => (here(s) ? s : { ...s, parentId: editor.getCurrentPageId() })),
        )
        editor.createBindings(
          moved.bindings.filter(
            (b) => !editor.getBinding(b.id) && editor.getShape(b.fromId) && editor.getShape(b.toId),
          ),
        )
      },
      { history: 'ignore' },
    )
  })
}

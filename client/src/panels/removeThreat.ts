import type * as Y from 'yjs'
import type { Editor, TLBinding, TLShape } from 'tldraw'
import {
  deleteEntity,
  writeEntity,
  writeSession,
  type Recommendation,
  type Session,
  type Threat,
} from '@threatboard/shared'
import { LOCAL_MODEL_ORIGIN, modelUndo } from '../model/modelUndo.ts'
import { everyShape } from '../shapes/common/everyShape.ts'

/** The recommendations that answer this threat and no other: they cannot outlive it. */
export function answeringOnly(threatId: string, recs: readonly Recommendation[]): Recommendation[] {
  return recs.filter((r) => r.threatIds.length === 1 && r.threatIds[0] === threatId)
}

/**
 * Deletes a threat for everyone, as one model edit: the recommendations that also answer others
 * stop naming it, those that answer it alone go with it (the confirmation names them), a training
 * group's top three drops it, and its cards leave the board on every page. "Undo model edit"
 * brings all of it back, the cards where they were and tied to what they were tied to (they are
 * kept with the undo step; tldraw's own undo does not see them go), and redo takes it again.
 */
export function removeThreat(
  doc: Y.Doc,
  editor: Editor | null,
  threat: Threat,
  recs: readonly Recommendation[],
  session: Session,
): void {
  const undo = modelUndo(doc)
  keepCardsWithUndo(undo)
  // One undo step of its own: not merged into an edit made just before or just after.
  undo.stopCapturing()
  doc.transact(() => {
    deleteEntity(doc, 'threats', threat.id, LOCAL_MODEL_ORIGIN)
    for (const r of recs) {
      if (!r.threatIds.includes(threat.id)) continue
      const threatIds = r.threatIds.filter((id) => id !== threat.id)
      if (threatIds.length === 0) deleteEntity(doc, 'recommendations', r.id, LOCAL_MODEL_ORIGIN)
      else writeEntity(doc, 'recommendations', { ...r, threatIds }, LOCAL_MODEL_ORIGIN)
    }
    const top = session.topThreats
    if (top?.includes(threat.id)) {
      writeSession(doc, { topThreats: top.filter((id) => id !== threat.id) }, LOCAL_MODEL_ORIGIN)
    }
  }, LOCAL_MODEL_ORIGIN)
  undo.stopCapturing()
  const cards = everyShape(editor).filter(
    (s) => s.type === 'threat-card' && s.props.threatId === threat.id,
  )
  if (!editor || cards.length === 0) return
  const removed: RemovedCards = {
    editor,
    shapes: cards,
    bindings: cards.flatMap((c) => editor.getBindingsInvolvingShape(c.id)),
  }
  editor.run(() => editor.deleteShapes(cards), { history: 'ignore' })
  undo.undoStack.at(-1)?.meta.set(REMOVED_CARDS, removed)
}

/** A deleted threat's cards as they were, kept in its undo step's meta under this key. */
const REMOVED_CARDS = 'threatboard:removed-cards'

interface RemovedCards {
  editor: Editor
  shapes: TLShape[]
  bindings: TLBinding[]
}

const keeping = new WeakSet<Y.UndoManager>()

/**
 * Undoing a threat's deletion puts its cards back; redoing it takes them again. The cards travel
 * from step to step: Yjs makes a new step on the other stack for each undo or redo, while the
 * step being undone is `currStackItem`.
 */
function keepCardsWithUndo(undo: Y.UndoManager): void {
  if (keeping.has(undo)) return
  keeping.add(undo)
  undo.on('stack-item-added', ({ stackItem }) => {
    const removed = undo.currStackItem?.meta.get(REMOVED_CARDS)
    if (removed && (undo.undoing || undo.redoing)) stackItem.meta.set(REMOVED_CARDS, removed)
  })
  undo.on('stack-item-popped', ({ stackItem, type }) => {
    const removed = stackItem.meta.get(REMOVED_CARDS) as RemovedCards | undefined
    if (!removed || removed.editor.isDisposed) return
    const { editor } = removed
    editor.run(
      () => {
        if (type === 'redo') {
          editor.deleteShapes(removed.shapes.filter((s) => editor.getShape(s.id)))
          return
        }
        // A card whose page went meanwhile comes back on the page in view.
        const here = (s: TLShape) =>
          editor.getShape(s.parentId as TLShape['id']) || editor.getPage(s.parentId as never)
        editor.createShapes(
          removed.shapes
            .filter((s) => !editor.getShape(s.id))
            .map((s) => (here(s) ? s : { ...s, parentId: editor.getCurrentPageId() })),
        )
        editor.createBindings(
          removed.bindings.filter(
            (b) => !editor.getBinding(b.id) && editor.getShape(b.fromId) && editor.getShape(b.toId),
          ),
        )
      },
      { history: 'ignore' },
    )
  })
}

import type * as Y from 'yjs'
import type { Editor } from 'tldraw'
import {
  deleteEntity,
  writeEntity,
  writeSession,
  type Recommendation,
  type Session,
  type Threat,
} from '@threatboard/shared'
import { LOCAL_MODEL_ORIGIN, modelEditTakingShapes } from '../model/modelUndo.ts'
import { everyShape } from '../shapes/common/everyShape.ts'

/** The recommendations that answer this threat and no other: they cannot outlive it. */
export function answeringOnly(threatId: string, recs: readonly Recommendation[]): Recommendation[] {
  return recs.filter((r) => r.threatIds.length === 1 && r.threatIds[0] === threatId)
}

/**
 * Deletes a threat for everyone, as one model edit: the recommendations that also answer others
 * stop naming it, those that answer it alone go with it (the confirmation names them), a training
 * group's top three drops it, and its cards leave the board on every page. "Undo model edit"
 * brings all of it back, the cards where they were, and redo takes it again.
 */
export function removeThreat(
  doc: Y.Doc,
  editor: Editor | null,
  threat: Threat,
  recs: readonly Recommendation[],
  session: Session,
): void {
  const cards = everyShape(editor).filter(
    (s) => s.type === 'threat-card' && s.props.threatId === threat.id,
  )
  modelEditTakingShapes(doc, editor, cards, () => {
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
  })
}

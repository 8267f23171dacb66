import type * as Y from 'yjs'
import type { Editor, TLShape } from 'tldraw'
import { newEntityId, readCollection, ThreatSchema, writeEntity } from '@threatboard/shared'
import type {} from '../boardShapeTypes.ts'
import { LOCAL_MODEL_ORIGIN } from '../../model/modelUndo.ts'
import { copiedThreat } from './copiedThreats.ts'

/**
 * A card someone duplicates (Ctrl+D) or pastes while its threat already has a card
 * becomes a card of a new threat: a copy of that threat, written as their model edit. Without
 * this, two cards would show one threat, and changing one would change the other. A card whose
 * threat has no other card (a redo, a card put back on the board) keeps its threat. A card pasted
 * from another room, whose threat this room has never had, brings a copy of the threat copied
 * with it in this browser (copiedThreats.ts), attached to nothing here yet. Returns the function
 * that stops the rule.
 */
export function keepOneCardPerThreat(editor: Editor, doc: Y.Doc): () => void {
  return editor.sideEffects.registerBeforeCreateHandler('shape', (shape, source) => {
    if (source !== 'user' || shape.type !== 'threat-card') return shape
    const threatId = shape.props.threatId
    const threats = readCollection(doc, 'threats')
    if (!threats.some((t) => t.id === threatId)) {
      const copied = copiedThreat(threatId)
      if (!copied) return shape
      const copy = ThreatSchema.parse({
        ...copied,
        id: newEntityId('t'),
        targets: { elements: [], assets: [] },
        author: editor.user.getName().slice(0, 100),
        createdAt: Date.now(),
      })
      writeEntity(doc, 'threats', copy, LOCAL_MODEL_ORIGIN)
      return { ...shape, props: { ...shape.props, threatId: copy.id } }
    }
    const shown = editor.store
      .allRecords()
      .some(
        (r) =>
          r.typeName === 'shape' &&
          r.id !== shape.id &&
          (r as TLShape).type === 'threat-card' &&
          (r as TLShape & { props: { threatId: string } }).props.threatId === threatId,
      )
    if (!shown) return shape
    const threat = threats.find((t) => t.id === threatId)
    if (!threat) return shape
    const copy = ThreatSchema.parse({
      ...threat,
      id: newEntityId('t'),
      author: editor.user.getName().slice(0, 100),
      createdAt: Date.now(),
    })
    writeEntity(doc, 'threats', copy, LOCAL_MODEL_ORIGIN)
    return { ...shape, props: { ...shape.props, threatId: copy.id } }
  })
}

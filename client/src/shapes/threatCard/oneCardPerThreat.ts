import type * as Y from 'yjs'
import type { Editor, TLShape } from 'tldraw'
import {
  newEntityId,
  readCollection,
  ThreatSchema,
  writeEntity,
  type Threat,
} from '@threatboard/shared'
import type { ThreatCardShape } from '../boardShapeTypes.ts'
import { LOCAL_MODEL_ORIGIN } from '../../model/modelUndo.ts'
import { copiedThreat } from './copiedThreats.ts'

/**
 * A card someone duplicates (Ctrl+D) or pastes while its threat already has a card
 * becomes a card of a new threat: a copy of that threat, written as their model edit. Without
 * this, two cards would show one threat, and changing one would change the other. A card whose
 * threat has no other card (a redo, a card put back on the board) keeps its threat. A card pasted
 * from another room, whose threat this room has never had, brings a copy of the threat copied
 * with it in this browser (copiedThreats.ts). A copied card tied to another element than the
 * first card (an element duplicated or pasted with its cards) makes its threat about that
 * element. Returns the function that stops both rules.
 */
export function keepOneCardPerThreat(editor: Editor, doc: Y.Doc): () => void {
  /**
   * The threats copied by this rule in the operation at hand, each with the element the first
   * card hung from (or none): when the new card is tied to an element (its anchor binding, made
   * just after it), the copy is about that element instead.
   */
  const copies = new Map<string, string | undefined>()
  const copyOf = (shape: ThreatCardShape, threat: Threat, anchor: string | undefined) => {
    const copy = ThreatSchema.parse({
      ...threat,
      id: newEntityId('t'),
      author: editor.user.getName().slice(0, 100),
      createdAt: Date.now(),
    })
    writeEntity(doc, 'threats', copy, LOCAL_MODEL_ORIGIN)
    copies.set(copy.id, anchor)
    // Its tie, if any, is made in the same operation: after it, nothing is waited for.
    queueMicrotask(() => copies.delete(copy.id))
    return { ...shape, props: { ...shape.props, threatId: copy.id } }
  }
  const stopCards = editor.sideEffects.registerBeforeCreateHandler('shape', (shape, source) => {
    if (source !== 'user' || shape.type !== 'threat-card') return shape
    const threatId = shape.props.threatId
    const threats = readCollection(doc, 'threats')
    const threat = threats.find((t) => t.id === threatId)
    if (!threat) {
      const copied = copiedThreat(threatId)
      // From another room: about nothing here until its card is tied to an element.
      return copied
        ? copyOf(shape, { ...copied, targets: { elements: [], assets: [] } }, undefined)
        : shape
    }
    const first = editor.store
      .allRecords()
      .find(
        (r): r is ThreatCardShape =>
          r.typeName === 'shape' &&
          r.id !== shape.id &&
          (r as TLShape).type === 'threat-card' &&
          (r as ThreatCardShape).props.threatId === threatId,
      )
    if (!first) return shape
    const anchor = editor.getBindingsFromShape(first, 'tb-anchor')[0]?.toId
    return copyOf(shape, threat, anchor)
  })
  const stopTies = editor.sideEffects.registerAfterCreateHandler('binding', (binding, source) => {
    if (source !== 'user' || binding.type !== 'tb-anchor') return
    const card = editor.getShape(binding.fromId)
    if (card?.type !== 'threat-card' || !copies.has(card.props.threatId)) return
    const anchor = copies.get(card.props.threatId)
    copies.delete(card.props.threatId)
    const threat = readCollection(doc, 'threats').find((t) => t.id === card.props.threatId)
    if (!threat || binding.toId === anchor) return
    // The element the first card hung from becomes the one this card hangs from; a threat about
    // nothing yet (pasted from another room) becomes about it.
    const was = threat.targets.elements
    const elements =
      anchor !== undefined && was.includes(anchor)
        ? [...new Set(was.map((id) => (id === anchor ? binding.toId : id)))]
        : was.length === 0
          ? [binding.toId]
          : was
    if (elements === was) return
    writeEntity(
      doc,
      'threats',
      ThreatSchema.parse({ ...threat, targets: { ...threat.targets, elements } }),
      LOCAL_MODEL_ORIGIN,
    )
  })
  return () => {
    stopCards()
    stopTies()
  }
}

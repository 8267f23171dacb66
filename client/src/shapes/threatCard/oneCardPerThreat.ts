import type * as Y from 'yjs'
import type { Editor, TLShapeId } from 'tldraw'
import {
  newEntityId,
  readCollection,
  ThreatSchema,
  writeEntity,
  type Threat,
} from '@threatboard/shared'
import type { ThreatCardShape } from '../boardShapeTypes.ts'
import { LOCAL_MODEL_ORIGIN } from '../../model/modelUndo.ts'
import { takeCarriedThreat } from './copiedThreats.ts'
import { flowAnchorOf } from '../anchor/AnchorBindingUtil.ts'
import { everyShape } from '../common/everyShape.ts'

/**
 * A card someone duplicates (Ctrl+D) or pastes while its threat already has a card
 * becomes a card of a new threat: a copy of that threat, written as their model edit. Without
 * this, two cards would show one threat, and changing one would change the other. A card whose
 * threat has no other card (a redo, a card put back on the board) keeps its threat. A card pasted
 * from another room, whose threat this room has never had, brings a copy of the threat copied
 * with it in the clipboard (copiedThreats.ts). A copied card tied to another element or flow than
 * the first card (an element or flow duplicated or pasted with its cards) makes its threat about
 * that one, and a card on a flow follows the flow's copy. Returns the function that stops them.
 */
export function keepOneCardPerThreat(editor: Editor, doc: Y.Doc): () => void {
  /**
   * The threats copied by this rule in the operation at hand, each with what the first card hung
   * from (an element, or a flow) and where that card was: when the new card is tied to another
   * element or flow (its anchor binding, or its flow anchor, made in the same operation), the
   * copy is about that one instead.
   */
  const copies = new Map<string, { anchor: string | undefined; from: { x: number; y: number } }>()
  const copyOf = (shape: ThreatCardShape, threat: Threat, first: ThreatCardShape | undefined) => {
    const copy = ThreatSchema.parse({
      ...threat,
      id: newEntityId('t'),
      author: editor.user.getName().slice(0, 100),
      createdAt: Date.now(),
    })
    writeEntity(doc, 'threats', copy, LOCAL_MODEL_ORIGIN)
    const anchor = first
      ? (editor.getBindingsFromShape(first, 'tb-anchor')[0]?.toId ??
        flowAnchorOf(first)?.anchorFlow)
      : undefined
    copies.set(copy.id, { anchor, from: { x: first?.x ?? shape.x, y: first?.y ?? shape.y } })
    // Its tie, if any, is made in the same operation: after it, nothing is waited for.
    queueMicrotask(() => copies.delete(copy.id))
    return { ...shape, props: { ...shape.props, threatId: copy.id } }
  }
  /** The copied threat of `card` is about `tie` now, in place of what the first card hung from. */
  const retarget = (card: ThreatCardShape, tie: string) => {
    const copied = copies.get(card.props.threatId)
    if (!copied) return
    copies.delete(card.props.threatId)
    const threat = readCollection(doc, 'threats').find((t) => t.id === card.props.threatId)
    if (!threat || tie === copied.anchor) return
    // A threat about nothing yet (pasted from another room) becomes about it.
    const was = threat.targets.elements
    const elements =
      copied.anchor !== undefined && was.includes(copied.anchor)
        ? [...new Set(was.map((id) => (id === copied.anchor ? tie : id)))]
        : was.length === 0
          ? [tie]
          : was
    if (elements === was) return
    writeEntity(
      doc,
      'threats',
      ThreatSchema.parse({ ...threat, targets: { ...threat.targets, elements } }),
      LOCAL_MODEL_ORIGIN,
    )
  }
  const stopCards = editor.sideEffects.registerBeforeCreateHandler('shape', (shape, source) => {
    if (source !== 'user' || shape.type !== 'threat-card') return shape
    const { card, threat: carried, assetNames } = takeCarriedThreat(shape)
    const threatId = card.props.threatId
    const threat = readCollection(doc, 'threats').find((t) => t.id === threatId)
    if (!threat) {
      if (!carried) return card
      // From another room: about no element here until its card is tied to one, and about the
      // assets of this room that bear its assets' names.
      const named = new Set(assetNames.map((n) => n.trim().toLowerCase()))
      const assets = readCollection(doc, 'assets')
        .filter((a) => named.has(a.name.trim().toLowerCase()))
        .map((a) => a.id)
        .slice(0, 50)
      return copyOf(card, { ...carried, targets: { elements: [], assets } }, undefined)
    }
    const first = everyShape(editor).find(
      (s): s is ThreatCardShape =>
        s.id !== card.id && s.type === 'threat-card' && s.props.threatId === threatId,
    )
    return first ? copyOf(card, threat, first) : card
  })
  const stopTies = editor.sideEffects.registerAfterCreateHandler('binding', (binding, source) => {
    if (source !== 'user' || binding.type !== 'tb-anchor') return
    const card = editor.getShape(binding.fromId)
    if (card?.type === 'threat-card') retarget(card, binding.toId)
  })
  // A card on a flow follows it by `meta.anchorFlow`, which tldraw copies as it is: a card
  // duplicated or pasted with its flow would follow the first flow. Flows created in the same
  // operation are noted as they come; once every shape of it is in the store, the card follows
  // the flow's copy (of several, the one whose move is nearest the card's).
  const newFlows = new Set<TLShapeId>()
  const stopNoting = editor.sideEffects.registerBeforeCreateHandler('shape', (shape, source) => {
    if (source === 'user' && shape.type === 'arrow') {
      if (newFlows.size === 0) queueMicrotask(() => newFlows.clear())
      newFlows.add(shape.id)
    }
    return shape
  })
  const stopFlows = editor.sideEffects.registerAfterCreateHandler('shape', (shape, source) => {
    if (source !== 'user' || shape.type !== 'threat-card') return
    const copied = copies.get(shape.props.threatId)
    const onFlow = flowAnchorOf(shape)
    const flow = onFlow && editor.getShape(onFlow.anchorFlow as TLShapeId)
    const from = flow && editor.getShapePageBounds(flow)
    if (!copied || !flow || !from) return
    const moved = { x: shape.x - copied.from.x, y: shape.y - copied.from.y }
    const miss = (id: TLShapeId) => {
      const b = editor.getShapePageBounds(id)
      return b ? Math.hypot(b.midX - from.midX - moved.x, b.midY - from.midY - moved.y) : Infinity
    }
    const twin = [...newFlows]
      .filter((id) => id !== flow.id && editor.getShape(id))
      .sort((p, q) => miss(p) - miss(q))[0]
    if (!twin) return
    editor.updateShape({
      id: shape.id,
      type: 'threat-card',
      meta: { ...shape.meta, anchorFlow: twin },
    })
    retarget(shape, twin)
  })
  return () => {
    stopCards()
    stopTies()
    stopNoting()
    stopFlows()
  }
}

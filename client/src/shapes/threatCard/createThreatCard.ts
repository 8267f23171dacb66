import type * as Y from 'yjs'
import { createBindingId, createShapeId, type Editor, type TLShapeId } from 'tldraw'
import { STRIDE_INFO, ThreatSchema, writeEntity, type StrideCategory } from '@threatboard/shared'
import type {} from '../boardShapeTypes.ts'
import { anchorOf } from '../anchor/AnchorBindingUtil.ts'
import { LOCAL_MODEL_ORIGIN } from '../../model/modelUndo.ts'
import { targetName } from './targetKind.ts'

/** The card's default width (ThreatCardShapeUtil.getDefaultProps). */
const CARD_WIDTH = 232

/** A new threat id: short, URL-safe, unique enough for one room. */
const newThreatId = () => `t${crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`

/**
 * Drops a STRIDE card on a target (a DFD node, a data flow or an asset pin): writes the threat
 * to the model and puts a card beside the target, bound so it moves with it.
 *
 * Undo: one tldraw history mark covers the card and its binding, so one canvas undo removes the
 * card. The threat itself is never deleted by the canvas (not by undo, not by deleting the card
 * or its target): it stays in the model and the threats panel lists it, unattached when its
 * target is gone. It is written as this user's model edit, so the panel's "Undo model edit"
 * removes it.
 */
export function createThreatCard(
  editor: Editor,
  doc: Y.Doc,
  opts: { category: StrideCategory; targetShapeId: TLShapeId; title?: string; userName: string },
): string {
  const threatId = newThreatId()
  const target = editor.getShape(opts.targetShapeId)
  const onPin = target?.type === 'asset-pin'
  const title =
    opts.title ??
    `${STRIDE_INFO[opts.category].label} on ${target ? targetName(editor, target) : 'the board'}`
  writeEntity(
    doc,
    'threats',
    ThreatSchema.parse({
      id: threatId,
      category: opts.category,
      title: title.slice(0, 200),
      // A card on a pin is about the asset; on anything else, about the element or flow.
      targets: onPin
        ? { elements: [], assets: [target.props.assetId] }
        : { elements: target ? [target.id] : [], assets: [] },
      severity: 'medium',
      status: 'open',
      author: opts.userName.slice(0, 100),
      createdAt: Date.now(),
    }),
    LOCAL_MODEL_ORIGIN,
  )
  if (target) placeThreatCard(editor, threatId, target.id)
  return threatId
}

/**
 * Puts a card for an existing threat beside a target (below the cards already there), bound so
 * it follows it. One tldraw history mark covers the card and its binding.
 */
export function placeThreatCard(editor: Editor, threatId: string, targetShapeId: TLShapeId) {
  const target = editor.getShape(targetShapeId)
  if (!target) return
  const anchor = anchorOf(editor, target)
  const existing =
    editor.getBindingsToShape(target.id, 'tb-anchor').length +
    editor.getCurrentPageShapes().filter((s) => s.meta.anchorFlow === target.id).length
  // Right of a box's top-right corner; centred under a flow's middle. More stack below.
  const dx = target.type === 'arrow' ? -CARD_WIDTH / 2 : 12
  const dy = (target.type === 'arrow' ? 20 : 0) + existing * 72
  const cardId = createShapeId()
  editor.markHistoryStoppingPoint('threat card')
  const onFlow = target.type === 'arrow'
  editor.createShape({
    id: cardId,
    type: 'threat-card',
    x: anchor.x + dx,
    y: anchor.y + dy,
    props: { threatId },
    meta: onFlow ? { anchorFlow: target.id, dx, dy } : {},
  })
  if (onFlow) return
  editor.createBinding({
    id: createBindingId(),
    type: 'tb-anchor',
    fromId: cardId,
    toId: target.id,
    props: { dx, dy },
  })
}

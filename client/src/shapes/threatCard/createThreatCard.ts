import type * as Y from 'yjs'
import { createBindingId, createShapeId, type Editor, type TLShapeId } from 'tldraw'
import { STRIDE_INFO, ThreatSchema, writeEntity, type StrideCategory } from '@threatboard/shared'
import type {} from '../boardShapeTypes.ts'
import { anchorOf } from '../anchor/AnchorBindingUtil.ts'

/** A new threat id: short, URL-safe, unique enough for one room. */
const newThreatId = () => `t${crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`

/** The target's display name, for a default card title. */
function nameOf(editor: Editor, id: TLShapeId): string {
  const shape = editor.getShape(id)
  if (!shape) return 'the board'
  if (shape.type === 'dfd-node' || shape.type === 'trust-boundary') return shape.props.name
  const text = editor.getShapeUtil(shape).getText(shape)
  return text?.trim() || (shape.type === 'arrow' ? 'a data flow' : 'an element')
}

/**
 * Drops a STRIDE card on a target: writes the threat to the model and puts a card next to the
 * target, bound so it moves with it. One undo mark covers the card and its binding; the threat
 * stays in the model (listed as unattached) if the card is undone or the target deleted.
 */
export function createThreatCard(
  editor: Editor,
  doc: Y.Doc,
  opts: { category: StrideCategory; targetShapeId: TLShapeId; title?: string; userName: string },
): string {
  const threatId = newThreatId()
  const target = editor.getShape(opts.targetShapeId)
  const title =
    opts.title ?? `${STRIDE_INFO[opts.category].label} on ${nameOf(editor, opts.targetShapeId)}`
  writeEntity(
    doc,
    'threats',
    ThreatSchema.parse({
      id: threatId,
      category: opts.category,
      title: title.slice(0, 200),
      targets: { elements: target ? [target.id] : [], assets: [] },
      severity: 'medium',
      status: 'open',
      author: opts.userName.slice(0, 100),
      createdAt: Date.now(),
    }),
  )
  if (!target) return threatId
  const anchor = anchorOf(editor, target)
  const existing =
    editor.getBindingsToShape(target.id, 'tb-anchor').length +
    editor.getCurrentPageShapes().filter((s) => s.meta.anchorFlow === target.id).length
  // Beside a box; centred under the middle of a flow. Further cards stack below.
  const dx = target.type === 'arrow' ? -100 : 12
  const dy = (target.type === 'arrow' ? 16 : 0) + existing * 72
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
  if (onFlow) return threatId
  editor.createBinding({
    id: createBindingId(),
    type: 'tb-anchor',
    fromId: cardId,
    toId: target.id,
    props: { dx, dy },
  })
  return threatId
}

import type * as Y from 'yjs'
import {
  Box,
  createBindingId,
  createShapeId,
  type Editor,
  type TLShape,
  type TLShapeId,
} from 'tldraw'
import {
  cardSpots,
  edgesOf,
  firstFreeSpot,
  newEntityId,
  segmentsOf,
  STRIDE_INFO,
  ThreatSchema,
  writeEntity,
  type Segment,
  type StrideCategory,
} from '@threatboard/shared'
import type {} from '../boardShapeTypes.ts'
import { anchorOf } from '../anchor/AnchorBindingUtil.ts'
import { LOCAL_MODEL_ORIGIN, modelEditGivingShapes } from '../../model/modelUndo.ts'
import { targetName } from './targetKind.ts'
import { flowLabelPageBox, flowLinePoints } from '../dataFlow/flowLabel.ts'
import { textWidth } from '../common/svgText.tsx'

/** A new threat id: short, URL-safe, unique enough for one room. */
// Not crypto.randomUUID: it exists only in secure contexts, and a LAN install is plain HTTP.
const newThreatId = () => newEntityId('t')

/**
 * Drops a STRIDE card on a target (a DFD node, a data flow or an asset pin): writes the threat
 * to the model and puts a card beside the target, bound so it moves with it.
 *
 * Undo: one tldraw history mark covers the card and its binding, so one canvas undo removes the
 * card. The threat itself is never deleted by the canvas (not by undo, not by deleting the card
 * or its target): it stays in the model and the threats panel lists it, unattached when its
 * target is gone. It is written as this user's model edit, with the card, so the panel's "Undo
 * model edit" removes both (no card is left standing for a threat that is gone) and redo puts
 * both back.
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
  modelEditGivingShapes(doc, editor, () => {
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
    const card = target ? placeThreatCard(editor, threatId, target.id) : undefined
    return card ? [card] : []
  })
  return threatId
}

/**
 * Puts a card for an existing threat beside a target, in the first free place (freeSpotFor),
 * bound so it follows it, and brings it into view if it is not (`slideIntoView`): a card put
 * back from the threats list for an element off-screen was added where nobody saw it. One
 * tldraw history mark covers the card and its binding.
 */
export function placeThreatCard(
  editor: Editor,
  threatId: string,
  targetShapeId: TLShapeId,
): TLShapeId | undefined {
  const target = editor.getShape(targetShapeId)
  if (!target) return undefined
  // The card goes on its target's page, which the person is then shown.
  const page = editor.getAncestorPageId(target)
  if (page && page !== editor.getCurrentPageId()) editor.setCurrentPage(page)
  const anchor = anchorOf(editor, target)
  const { dx, dy } = freeSpotFor(editor, target, anchor)
  const cardId = createShapeId()
  editor.markHistoryStoppingPoint('threat card')
  const onFlow = target.type === 'arrow'
  editor.createShape({
    id: cardId,
    type: 'threat-card',
    x: anchor.x + dx,
    y: anchor.y + dy,
    opacity: 1,
    props: { threatId },
    meta: onFlow ? { anchorFlow: target.id, dx, dy } : {},
  })
  if (!onFlow) {
    editor.createBinding({
      id: createBindingId(),
      type: 'tb-anchor',
      fromId: cardId,
      toId: target.id,
      props: { dx, dy },
    })
  }
  slideIntoView(editor, cardId)
  return cardId
}

/**
 * Slides the camera, its zoom kept, to centre a shape that is not wholly in view; a shape in
 * view leaves the camera where it is.
 */
function slideIntoView(editor: Editor, shapeId: TLShapeId): void {
  const bounds = editor.getShapePageBounds(shapeId)
  if (!bounds || editor.getViewportPageBounds().contains(bounds)) return
  editor.centerOnPoint(bounds.center, { animation: { duration: 200 } })
}

/** What a new card must not cover: elements, cards, pins, and flows' labels (page space). */
function obstacles(editor: Editor): Box[] {
  return editor.getCurrentPageShapes().flatMap((shape) => {
    // A card may sit inside a boundary, but not on its name tab (shapes.css .tb-zone__name:
    // 12 px in, 12 px type with 0.02em spacing, 8 px padding and a border each side).
    if (shape.type === 'trust-boundary') {
      const b = editor.getShapePageBounds(shape)
      const name = shape.props.name || 'Trust boundary'
      const tab = textWidth(name, 12, 650) + 0.24 * name.length + 18
      return b ? [new Box(b.minX + 10, b.minY - 12, tab + 4, 24)] : []
    }
    if (shape.type !== 'arrow') {
      const b = editor.getShapePageBounds(shape)
      return b ? [b] : []
    }
    const box = flowLabelPageBox(editor, shape)
    if (!box) return []
    // The flow's badges sit just above its label.
    return [box.expandBy(4), new Box(box.midX - 110, box.minY - 30, 220, 26)]
  })
}

/** The flows' lines on the current page (page space), which a new card should not hide. */
function flowLines(editor: Editor): Segment[] {
  return editor
    .getCurrentPageShapes()
    .flatMap((shape) => (shape.type === 'arrow' ? segmentsOf(flowLinePoints(editor, shape)) : []))
}

/**
 * The trust boundaries on the current page (page space), as edges (a card across one leaves
 * unclear on which side of the boundary its target is) and as zones (a card had better be on
 * its target's side of each).
 */
function boundaries(editor: Editor): { edges: Segment[]; zones: Box[] } {
  const zones = editor.getCurrentPageShapes().flatMap((shape) => {
    const b = shape.type === 'trust-boundary' ? editor.getShapePageBounds(shape) : undefined
    return b ? [b] : []
  })
  return { edges: zones.flatMap(edgesOf), zones }
}

/**
 * The offset from the target's anchor of the first free place for a new card (`cardSpots`:
 * beside a box, under or above a flow's middle), past whatever is already there, and clear of
 * flows' lines and boundaries' edges, on its target's side of each boundary, when such a place
 * is near.
 */
function freeSpotFor(editor: Editor, target: TLShape, anchor: { x: number; y: number }) {
  const bounds = editor.getShapePageBounds(target)
  const spots = cardSpots(
    target.type === 'arrow'
      ? { flow: true }
      : { flow: false, w: bounds?.width ?? 0, h: bounds?.height ?? 0 },
  )
  return firstFreeSpot(anchor, spots, obstacles(editor), {
    lines: flowLines(editor),
    ...boundaries(editor),
  })
}

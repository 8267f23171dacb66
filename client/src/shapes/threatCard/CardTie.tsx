import { useEditor, useValue, type Box, type Editor, type TLShape } from 'tldraw'
import type {} from '../boardShapeTypes.ts'

/** Where the segment from `box`'s centre towards `to` leaves the box. */
function exitPoint(box: Box, to: { x: number; y: number }) {
  const dx = to.x - box.midX
  const dy = to.y - box.midY
  const t = Math.min(
    dx === 0 ? Infinity : box.width / 2 / Math.abs(dx),
    dy === 0 ? Infinity : box.height / 2 / Math.abs(dy),
    1,
  )
  return { x: box.midX + dx * t, y: box.midY + dy * t }
}

/** The shape a card or pin hangs from: its anchor binding, or the flow named in its meta. */
export function hangsFrom(editor: Editor, shape: TLShape): TLShape | undefined {
  const binding = editor.getBindingsFromShape(shape.id, 'tb-anchor')[0]
  if (binding) return editor.getShape(binding.toId)
  const flow = (shape.meta as { anchorFlow?: unknown }).anchorFlow
  return typeof flow === 'string' ? editor.getShape(flow as TLShape['id']) : undefined
}

/**
 * The tie from the one selected threat card (or asset pin) to what it is about: a dashed line
 * between the two, drawn on the canvas in page space, so a card moved away still shows whose
 * it is.
 */
export function CardTie() {
  const editor = useEditor()
  const tie = useValue(
    'card tie',
    () => {
      const card = editor.getOnlySelectedShape()
      if (card?.type !== 'threat-card' && card?.type !== 'asset-pin') return null
      const target = hangsFrom(editor, card)
      const from = editor.getShapePageBounds(card)
      const to = target && editor.getShapePageBounds(target)
      if (!from || !to) return null
      // A flow's own bounds are loose: tie to its middle.
      const toBox = target.type === 'arrow' ? to.clone().expandBy(-to.width / 2 + 4) : to
      const a = exitPoint(from, { x: toBox.midX, y: toBox.midY })
      const b = exitPoint(toBox, { x: from.midX, y: from.midY })
      return { a, b, zoom: editor.getZoomLevel() }
    },
    [editor],
  )
  if (!tie) return null
  const { a, b, zoom } = tie
  const pad = 8
  const left = Math.min(a.x, b.x) - pad
  const top = Math.min(a.y, b.y) - pad
  return (
    <svg
      className="tb-card-tie"
      data-testid="card-tie"
      aria-hidden="true"
      style={{ transform: `translate(${left}px, ${top}px)` }}
      width={Math.abs(a.x - b.x) + 2 * pad}
      height={Math.abs(a.y - b.y) + 2 * pad}
    >
      <line
        x1={a.x - left}
        y1={a.y - top}
        x2={b.x - left}
        y2={b.y - top}
        strokeWidth={2 / zoom}
        strokeDasharray={`${6 / zoom} ${4 / zoom}`}
      />
      <circle cx={b.x - left} cy={b.y - top} r={4 / zoom} />
    </svg>
  )
}

import './hintMarkers.css'
import { useContext } from 'react'
import { useEditor, useValue, type Box, type Editor, type TLShape, type TLShapeId } from 'tldraw'
import type { Hint } from '@threatboard/shared'
import { RoomModelContext } from '../model/RoomModelContext.tsx'
import { useCollection } from '../model/useModel.ts'
import { jumpTo } from '../panels/PanelNav.tsx'
import { readBesidesPlaces } from '../shapes/common/everyShape.ts'
import type {} from '../shapes/boardShapeTypes.ts'
import { flowLabelPageBox, flowMiddle } from '../shapes/dataFlow/flowLabel.ts'

interface Marker {
  shapeId: TLShapeId
  hints: Hint[]
}

/**
 * The shape a revealed hint points at on the page in view: its element, or its threat's card.
 * An element on another page has no marker here (its page shows it).
 */
function targetShape(editor: Editor, target: Hint['target']) {
  if (target.kind === 'element') {
    const shape = editor.getShape(target.id as never)
    return shape && editor.getAncestorPageId(shape) === editor.getCurrentPageId()
      ? shape
      : undefined
  }
  if (target.kind === 'threat') {
    return editor
      .getCurrentPageShapes()
      .find((s) => s.type === 'threat-card' && s.props.threatId === target.id)
  }
  return undefined
}

/** Room between a marker's middle and the end of the flow label it sits beside (page units). */
const BESIDE_LABEL = 16

/**
 * Where a target's marker goes (its middle, in page space): a node's or card's top-right
 * corner; just past the right end of a flow's label, so the marker never covers the flow's name;
 * on the line's middle for a flow without a label.
 */
function markerAnchor(editor: Editor, shape: TLShape, bounds: Box): { x: number; y: number } {
  if (shape.type !== 'arrow') return { x: bounds.maxX, y: bounds.minY }
  const label = flowLabelPageBox(editor, shape)
  if (label) return { x: label.maxX + BESIDE_LABEL, y: label.midY }
  return flowMiddle(editor, shape) ?? { x: bounds.midX, y: bounds.midY }
}

/**
 * Markers on the board where the observers' hints point: one violet badge per target (with the
 * number of hints still open on it), at a node's or card's top-right corner and beside a flow's
 * label. Drawn in page space, so they move and zoom with the board. Staged hints are not in
 * the room document, so only revealed ones show; resolved ones drop off.
 */
export function HintMarkers() {
  const model = useContext(RoomModelContext)
  // A saved version's board has no room model (and no live hints).
  return model ? <LiveHintMarkers /> : null
}

function LiveHintMarkers() {
  const editor = useEditor()
  const hints = useCollection('hints')
  // Which shape each marker is on does not depend on where anything is (read besides places);
  // each marker follows its own shape, so a move places again only the markers it moves.
  const markers = useValue(
    'hint markers',
    (): Marker[] => {
      editor.getCurrentPageId() // the page in view: tracked, as turning to another changes them
      return readBesidesPlaces(editor, () => {
        const byShape = new Map<TLShapeId, Marker>()
        for (const hint of hints) {
          if (hint.state === 'resolved' || hint.target.kind === 'board') continue
          const shape = targetShape(editor, hint.target)
          if (!shape) continue
          const marker = byShape.get(shape.id) ?? { shapeId: shape.id, hints: [] }
          marker.hints.push(hint)
          byShape.set(shape.id, marker)
        }
        return [...byShape.values()]
      })
    },
    [editor, hints],
  )
  return (
    <>
      {markers.map((m) => (
        <HintMarker key={m.shapeId} marker={m} />
      ))}
    </>
  )
}

function HintMarker({ marker }: { marker: Marker }) {
  const editor = useEditor()
  const at = useValue(
    'hint marker place',
    () => {
      const shape = editor.getShape(marker.shapeId)
      const bounds = shape && editor.getShapePageBounds(shape)
      if (!shape || !bounds) return undefined
      const { x, y } = markerAnchor(editor, shape, bounds)
      return `translate(${x}px, ${y}px) translate(-50%, -50%)`
    },
    [editor, marker.shapeId],
  )
  if (!at) return null
  const count = marker.hints.length
  const title = marker.hints.map((h) => `${h.author}: ${h.text}`).join('\n')
  return (
    <button
      type="button"
      className="tb-hint-marker"
      data-testid="hint-marker"
      data-shape-id={marker.shapeId}
      title={title}
      aria-label={`${count} ${count === 1 ? 'hint' : 'hints'} from security here: ${title}`}
      style={{ transform: at }}
      onPointerDown={(e) => e.stopPropagation()}
      onClick={() => jumpTo('hints')}
    >
      <span aria-hidden="true">?</span>
      {count > 1 && <span className="tb-hint-marker__count">{count}</span>}
    </button>
  )
}

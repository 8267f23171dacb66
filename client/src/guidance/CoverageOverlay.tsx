import './guidance.css'
import { memo, useContext } from 'react'
import { useEditor, useValue, type Editor, type TLShape, type TLShapeId } from 'tldraw'
import { COVERAGE_ROW, type ElementCoverage } from '@threatboard/shared'
import { RoomModelContext } from '../model/RoomModelContext.tsx'
import { flowLabelPageBox, flowMiddle } from '../shapes/dataFlow/flowLabel.ts'
import { CoverageLetters, sameCoverage } from './CoverageLetters.tsx'
import { coverageOverlayOn } from './coverageOverlayState.ts'
import { useCoverage } from './useGuidance.ts'

interface Placed {
  coverage: ElementCoverage
  x: number
  y: number
  onFlow: boolean
}

/**
 * The coverage overlay: each in-scope element's six STRIDE letters on the board, under a node's
 * bottom-left corner (or its asset pins) and under a flow's label (its badges sit above). Drawn
 * in page space, so the letters follow the shapes as they move and zoom; they take no pointer
 * events, so drawing goes on through them; and they are not shapes, so no export carries them.
 */
export function CoverageOverlay() {
  const model = useContext(RoomModelContext)
  const on = useValue('coverage overlay on', () => coverageOverlayOn.get(), [])
  // A saved version's board has no room model (and no live threats to count).
  return model && on ? <LiveCoverageOverlay /> : null
}

/**
 * The bottom of a node's asset pins (they hang under its left edge, where the letters go), or
 * `bottom` when it has none: the letters go under the pins rather than over them.
 */
function belowPins(editor: Editor, id: TLShapeId, bottom: number): number {
  return editor
    .getBindingsToShape(id, 'tb-anchor')
    .filter((b) => editor.getShape(b.fromId)?.type === 'asset-pin')
    .reduce((low, b) => Math.max(low, editor.getShapePageBounds(b.fromId)?.maxY ?? low), bottom)
}

/**
 * Where a flow's letters go: under its label (a label of two lines included), or under the
 * middle of its line when it has none. Not under the middle of its bounds, which a bent flow's
 * curve and label pass well away from: the letters sat on the other flows' labels.
 */
function underFlow(editor: Editor, shape: TLShape): { x: number; y: number } | undefined {
  const label = flowLabelPageBox(editor, shape)
  if (label) return { x: label.midX, y: label.maxY + COVERAGE_ROW.underLabel }
  const middle = flowMiddle(editor, shape)
  return middle && { x: middle.x, y: middle.y + 14 }
}

function LiveCoverageOverlay() {
  const editor = useEditor()
  const coverage = useCoverage(editor)
  const placed = useValue(
    'coverage overlay places',
    (): Placed[] =>
      coverage.flatMap((c): Placed[] => {
        const shape = editor.getShape(c.id as never)
        const bounds = shape && editor.getShapePageBounds(shape)
        if (!shape || !bounds || editor.getAncestorPageId(shape) !== editor.getCurrentPageId()) {
          return []
        }
        if (shape.type === 'arrow') {
          const at = underFlow(editor, shape)
          return at ? [{ coverage: c, ...at, onFlow: true }] : []
        }
        const y = belowPins(editor, shape.id, bounds.maxY) + COVERAGE_ROW.underNode
        return [{ coverage: c, x: bounds.minX, y, onFlow: false }]
      }),
    [editor, coverage],
  )
  return (
    <>
      {placed.map((p) => (
        <OverlayLetters key={p.coverage.id} placed={p} />
      ))}
    </>
  )
}

/** One element's letters in place, drawn again only when they move or show something else. */
const OverlayLetters = memo(
  function OverlayLetters({ placed: p }: { placed: Placed }) {
    return (
      <div
        className="tb-coverage-overlay"
        data-testid="coverage-overlay"
        data-element={p.coverage.id}
        aria-hidden="true"
        style={{
          transform: `translate(${p.x}px, ${p.y}px)${p.onFlow ? ' translateX(-50%)' : ''}`,
        }}
      >
        <CoverageLetters coverage={p.coverage} />
      </div>
    )
  },
  ({ placed: a }, { placed: b }) =>
    a.x === b.x && a.y === b.y && a.onFlow === b.onFlow && sameCoverage(a.coverage, b.coverage),
)

import './guidance.css'
import { useContext } from 'react'
import { useEditor, useValue, type Editor, type TLShapeId } from 'tldraw'
import type { ElementCoverage } from '@threatboard/shared'
import { RoomModelContext } from '../model/RoomModelContext.tsx'
import { CoverageLetters } from './CoverageLetters.tsx'
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
 * bottom-left corner (or its asset pins) and under a flow's middle (its badges sit above). Drawn in page space, so
 * the letters follow the shapes as they move and zoom; they take no pointer events, so drawing
 * goes on through them; and they are not shapes, so no export carries them.
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

function LiveCoverageOverlay() {
  const editor = useEditor()
  const coverage = useCoverage(editor)
  const placed = useValue(
    'coverage overlay places',
    (): Placed[] =>
      coverage.flatMap((c) => {
        const shape = editor.getShape(c.id as never)
        const bounds = shape && editor.getShapePageBounds(shape)
        if (!shape || !bounds || editor.getAncestorPageId(shape) !== editor.getCurrentPageId()) {
          return []
        }
        const onFlow = shape.type === 'arrow'
        return [
          {
            coverage: c,
            x: onFlow ? bounds.midX : bounds.minX,
            y: onFlow ? bounds.midY + 14 : belowPins(editor, shape.id, bounds.maxY) + 6,
            onFlow,
          },
        ]
      }),
    [editor, coverage],
  )
  return (
    <>
      {placed.map((p) => (
        <div
          key={p.coverage.id}
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
      ))}
    </>
  )
}

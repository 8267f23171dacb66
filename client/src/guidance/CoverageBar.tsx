import './guidance.css'
import { useContext } from 'react'
import { useEditor, useValue } from 'tldraw'
import { coverageLine, summarizeCoverage } from '@threatboard/shared'
import { RoomModelContext } from '../model/RoomModelContext.tsx'
import { coverageOverlayOn, toggleCoverageOverlay } from './coverageOverlayState.ts'
import { useCoverage } from './useGuidance.ts'

/**
 * The overlay's switch at the top of the canvas (also Shift+C), for every role: looking at
 * coverage changes nothing. While on, the line beside it sums the board up per kind.
 */
export function CoverageBar() {
  const model = useContext(RoomModelContext)
  const on = useValue('coverage overlay on', () => coverageOverlayOn.get(), [])
  if (!model) return null
  return (
    <div
      className="tb-coverage-bar"
      data-testid="coverage-bar"
      onPointerDown={(e) => e.stopPropagation()}
    >
      <button
        type="button"
        data-testid="coverage-toggle"
        aria-pressed={on}
        title="Show which STRIDE categories were considered on each element (Shift+C)"
        onClick={toggleCoverageOverlay}
      >
        Coverage <kbd>⇧C</kbd>
      </button>
      {on && <CoverageSummaryLine />}
    </div>
  )
}

function CoverageSummaryLine() {
  const coverage = useCoverage(useEditor())
  return (
    <span className="tb-coverage-bar__summary" data-testid="coverage-bar-summary" role="status">
      {coverage.length ? coverageLine(summarizeCoverage(coverage)) : 'No in-scope elements yet'}
    </span>
  )
}

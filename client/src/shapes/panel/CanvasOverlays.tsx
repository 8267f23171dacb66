import { FlowBadges } from '../dataFlow/FlowBadges.tsx'
import { CardTie } from '../threatCard/CardTie.tsx'
import { HintMarkers } from '../../observer/HintMarkers.tsx'
import { CoverageOverlay } from '../../guidance/CoverageOverlay.tsx'

/**
 * What the board draws on the canvas in page space, beside the shapes: the flows' badges and
 * the tie from a selected card to its target, revealed hints as markers on their targets, and
 * (when switched on) each element's STRIDE coverage.
 */
export function CanvasOverlays() {
  return (
    <>
      <FlowBadges />
      <CardTie />
      <HintMarkers />
      <CoverageOverlay />
    </>
  )
}

import { FlowBadges } from '../dataFlow/FlowBadges.tsx'
import { CardTie } from '../threatCard/CardTie.tsx'
import { HintMarkers } from '../../observer/HintMarkers.tsx'

/**
 * What the board draws on the canvas in page space, beside the shapes: the flows' badges and
 * the tie from a selected card to its target, and revealed hints as markers on their targets.
 */
export function CanvasOverlays() {
  return (
    <>
      <FlowBadges />
      <CardTie />
      <HintMarkers />
    </>
  )
}

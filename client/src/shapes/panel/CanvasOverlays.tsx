import { FlowBadges } from '../dataFlow/FlowBadges.tsx'
import { CardTie } from '../threatCard/CardTie.tsx'

/**
 * What the board draws on the canvas in page space, beside the shapes: the flows' badges and
 * the tie from a selected card to its target. Another overlay is one more line here.
 */
export function CanvasOverlays() {
  return (
    <>
      <FlowBadges />
      <CardTie />
    </>
  )
}

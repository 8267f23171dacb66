import { Box, Group2d, type Editor, type TLShape, type TLShapeId } from 'tldraw'

/**
 * Where a flow's label sits on the page, if it has one. tldraw keeps an arrow's label as a
 * child of the arrow's geometry (marked `isLabel`), in the arrow's own space.
 */
export function flowLabelPageBox(editor: Editor, shape: TLShape | TLShapeId): Box | undefined {
  const geometry = editor.getShapeGeometry(shape)
  const label =
    geometry instanceof Group2d ? geometry.children.find((c) => c.isLabel)?.bounds : undefined
  if (!label) return undefined
  const transform = editor.getShapePageTransform(shape)
  return Box.FromPoints([
    transform.applyToPoint({ x: label.minX, y: label.minY }),
    transform.applyToPoint({ x: label.maxX, y: label.maxY }),
  ])
}

/** A flow's drawn line on the page, as the points tldraw's geometry gives (an arc sampled). */
export function flowLinePoints(editor: Editor, shape: TLShape): { x: number; y: number }[] {
  const geometry = editor.getShapeGeometry(shape)
  const line = geometry instanceof Group2d ? geometry.children[0] : undefined
  return line ? editor.getShapePageTransform(shape).applyToPoints(line.vertices) : []
}

/**
 * The middle of a flow's line on the page: on the line itself, not the middle of its bounds,
 * which a bent flow's curve passes well away from.
 */
export function flowMiddle(editor: Editor, shape: TLShape): { x: number; y: number } | undefined {
  const geometry = editor.getShapeGeometry(shape)
  const line = geometry instanceof Group2d ? geometry.children[0] : undefined
  if (!line) return undefined
  return editor.getShapePageTransform(shape).applyToPoint(line.interpolateAlongEdge(0.5))
}

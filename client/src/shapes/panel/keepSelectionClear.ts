import { Box, type BoxModel, type Editor } from 'tldraw'

/** Space kept between the selection and the panel, in screen pixels. */
const GAP = 16

interface Rect {
  minX: number
  minY: number
  maxX: number
  maxY: number
}

const overlaps = (a: Rect, b: Rect) =>
  a.minX < b.maxX && a.maxX > b.minX && a.minY < b.maxY && a.maxY > b.minY

/**
 * Moves the camera, if needed, so that the selection is not under `panel` (an element over the
 * canvas): it slides the board left (the panel docks at the right) or up (on a narrow screen
 * it docks at the bottom), whichever is shorter and keeps the selection in view. `also` (page
 * bounds) is kept clear with it: a card just added from the panel. Returns whether it moved.
 */
export function keepSelectionClear(editor: Editor, panel: HTMLElement, also?: BoxModel): boolean {
  const selected = editor.getSelectionPageBounds()
  if (!selected) return false
  const selection = also ? Box.Common([selected, Box.From(also)]) : selected
  const container = editor.getContainer().getBoundingClientRect()
  const box = panel.getBoundingClientRect()
  const p = {
    minX: box.left - container.left - GAP,
    minY: box.top - container.top - GAP,
    maxX: box.right - container.left + GAP,
    maxY: box.bottom - container.top + GAP,
  }
  const tl = editor.pageToViewport({ x: selection.minX, y: selection.minY })
  const br = editor.pageToViewport({ x: selection.maxX, y: selection.maxY })
  const s = { minX: tl.x, minY: tl.y, maxX: br.x, maxY: br.y }
  if (!overlaps(s, p)) return false
  // Candidate moves of the board (screen px): left of the panel, above it, right of it.
  const moves = [
    { dx: p.minX - s.maxX, dy: 0 },
    { dx: 0, dy: p.minY - s.maxY },
    { dx: p.maxX - s.minX, dy: 0 },
  ].filter(
    ({ dx, dy }) =>
      s.minX + dx >= 0 &&
      s.maxX + dx <= container.width &&
      s.minY + dy >= 0 &&
      s.maxY + dy <= container.height,
  )
  const move = moves.sort((a, b) => Math.hypot(a.dx, a.dy) - Math.hypot(b.dx, b.dy))[0] ?? {
    dx: p.minX - s.maxX,
    dy: 0,
  }
  const camera = editor.getCamera()
  editor.setCamera(
    { x: camera.x + move.dx / camera.z, y: camera.y + move.dy / camera.z, z: camera.z },
    { animation: { duration: 160 } },
  )
  return true
}

/** The canvas panel of the selected element, when it is open. */
const CANVAS_PANEL = '[data-testid="canvas-panel"]'

/**
 * After a card was added to the selected element (by the canvas panel's palette, or `t` and
 * Enter in the side panel): the card goes beside its target, often where the canvas panel is,
 * so the board slides until neither is under the panel and the person sees the card they added.
 */
export function keepNewCardClear(
  editor: Editor,
  threatId: string,
  panel = editor.getContainer().ownerDocument.querySelector<HTMLElement>(CANVAS_PANEL),
): void {
  const card = editor
    .getCurrentPageShapes()
    .find((s) => s.type === 'threat-card' && s.props.threatId === threatId)
  const bounds = card && editor.getShapePageBounds(card)
  if (bounds && panel) keepSelectionClear(editor, panel, bounds)
}

import { react, type Editor, type TLShape } from 'tldraw'
import { keepNodesFitted } from './dfdNode/nodeSize.ts'
import { keepAnchoredBesideEdges } from './anchor/AnchorBindingUtil.ts'
import { spreadParallelFlows } from './dataFlow/spreadParallelFlows.ts'

/** The shapes that are the threat model (styled by the board, never by tldraw's style panel). */
export const MODEL_SHAPE_TYPES: ReadonlySet<string> = new Set([
  'dfd-node',
  'trust-boundary',
  'threat-card',
  'asset-pin',
  'arrow',
])

/**
 * The model's shapes keep the board's look whatever tldraw's style state says: fully opaque
 * (a stray opacity click once made every next card 25 % opaque), and flows written in the UI
 * sans font with a solid line.
 */
function styleModelShape(shape: TLShape): TLShape {
  if (!MODEL_SHAPE_TYPES.has(shape.type)) return shape
  let next = shape.opacity === 1 ? shape : { ...shape, opacity: 1 }
  if (next.type === 'arrow' && (next.props.font !== 'sans' || next.props.dash !== 'solid')) {
    next = { ...next, props: { ...next.props, font: 'sans', dash: 'solid' } }
  }
  return next
}

/**
 * The board's rules that run in this person's editor (only on their own edits; remote ones
 * were made under the same rules): model shapes' style, pins and cards kept beside a resized
 * shape, nodes that fit their names, parallel flows bent apart. `canEdit`: an editor also fits
 * the nodes, and bends apart the flows whose labels cover each other, of a board drawn before
 * these rules. Returns the function that stops them.
 */
export function installBoardRules(editor: Editor, canEdit: boolean): () => void {
  const stops = [
    editor.sideEffects.registerBeforeCreateHandler('shape', (shape, source) =>
      source === 'user' ? styleModelShape(shape) : shape,
    ),
    editor.sideEffects.registerBeforeChangeHandler('shape', (prev, next, source) =>
      // Only what was restyled now: a flow's font set on purpose before stays.
      source === 'user' && prev.opacity !== next.opacity && MODEL_SHAPE_TYPES.has(next.type)
        ? { ...next, opacity: 1 }
        : next,
    ),
    // Before the nodes are fitted as the board opens: what hangs from them moves with them.
    keepAnchoredBesideEdges(editor),
    keepNodesFitted(editor, canEdit),
    spreadParallelFlows(editor, canEdit),
  ]
  return () => stops.forEach((stop) => stop())
}

/**
 * The smallest zoom a board opens at. Fitting a very large model would shrink it past reading
 * (and make the page draw every shape at once); it then opens at this zoom, centred along the
 * side it fits on and at its top-left corner along the other, and zoom to fit (Shift+1) shows
 * the whole of it.
 */
const MIN_OPEN_ZOOM = 0.25
/**
 * The margin kept around a model opened fitted (at most a sixteenth of the canvas's width, so a
 * phone keeps its few hundred pixels for the model); twice the full margin above it, where
 * tldraw's menu and the Coverage button are drawn over the canvas's top-left.
 */
const OPEN_INSET = 64
const OPEN_TOP = 2 * OPEN_INSET

/**
 * Someone opening a board lands on its model rather than on the page's empty top-left: the
 * camera fits everything drawn inside the margins, never zoomed in past 100 % nor out past
 * `MIN_OPEN_ZOOM`. Only while the camera is still where tldraw starts it, so a view someone
 * chose is kept. (tldraw's `zoomToBounds` takes its inset for both sides together, which left
 * half the margin and put a model's top-left corner under the menu.) Returns true when the model
 * was too large to show whole, so part of it is out of view.
 */
export function fitCameraToModel(editor: Editor): boolean {
  const camera = editor.getCamera()
  if (camera.x !== 0 || camera.y !== 0 || camera.z !== 1) return false
  const bounds = editor.getCurrentPageBounds()
  if (!bounds) return false
  const view = editor.getViewportScreenBounds()
  const inset = Math.min(OPEN_INSET, view.w / 16)
  const room = { w: view.w - 2 * inset, h: view.h - OPEN_TOP - inset }
  const z = Math.max(MIN_OPEN_ZOOM, Math.min(1, room.w / bounds.w, room.h / bounds.h))
  // Centred along each side it fits on at that zoom; along a side it does not, from its start.
  const left = inset + Math.max(0, (room.w - bounds.w * z) / 2)
  const top = OPEN_TOP + Math.max(0, (room.h - bounds.h * z) / 2)
  editor.setCamera({ x: left / z - bounds.x, y: top / z - bounds.y, z })
  return bounds.w * z > room.w + 1 || bounds.h * z > room.h + 1
}

/**
 * The same for every other page, the first time someone turns to it: an imported model's
 * second diagram opens on its model, not on its page's empty corner at 100 %. A page whose
 * camera was moved keeps its view (tldraw keeps one camera per page). `onPartial` hears of a
 * page opened with part of its model out of view.
 */
export function fitPagesWhenFirstShown(editor: Editor, onPartial: () => void): () => void {
  let shown = editor.getCurrentPageId()
  return react('fit a page first shown', () => {
    const page = editor.getCurrentPageId()
    if (page === shown) return
    shown = page
    if (fitCameraToModel(editor)) onPartial()
  })
}

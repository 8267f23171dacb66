import { react, type Editor, type TLShape } from 'tldraw'
import { keepNodesFitted } from './dfdNode/nodeSize.ts'
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
 * were made under the same rules): model shapes' style, nodes that fit their names, parallel
 * flows bent apart. `canEdit`: an editor also fits the nodes, and bends apart the flows whose
 * labels cover each other, of a board drawn before these rules. Returns the function that stops
 * them.
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
    keepNodesFitted(editor, canEdit),
    spreadParallelFlows(editor, canEdit),
  ]
  return () => stops.forEach((stop) => stop())
}

/**
 * The smallest zoom a board opens at. Fitting a very large model would shrink it past reading
 * (and make the page draw every shape at once); it then opens at this zoom on the model's
 * top-left corner, and zoom to fit (Shift+1) shows the whole of it.
 */
const MIN_OPEN_ZOOM = 0.25
/**
 * The margin kept around a model opened fitted; twice that above it, where tldraw's menu and the
 * Coverage button are drawn over the canvas's top-left.
 */
const OPEN_INSET = 64
const OPEN_TOP = 2 * OPEN_INSET

/**
 * Someone opening a board lands on its model rather than on the page's empty top-left: the
 * camera fits everything drawn inside the margins, never zoomed in past 100 % nor out past
 * `MIN_OPEN_ZOOM`. Only while the camera is still where tldraw starts it, so a view someone
 * chose is kept. (tldraw's `zoomToBounds` takes its inset for both sides together, which left
 * half the margin and put a model's top-left corner under the menu.)
 */
export function fitCameraToModel(editor: Editor): void {
  const camera = editor.getCamera()
  if (camera.x !== 0 || camera.y !== 0 || camera.z !== 1) return
  const bounds = editor.getCurrentPageBounds()
  if (!bounds) return
  const view = editor.getViewportScreenBounds()
  const room = { w: view.w - 2 * OPEN_INSET, h: view.h - OPEN_TOP - OPEN_INSET }
  const fit = Math.min(1, room.w / bounds.w, room.h / bounds.h)
  if (fit >= MIN_OPEN_ZOOM) {
    const left = OPEN_INSET + (room.w - bounds.w * fit) / 2
    const top = OPEN_TOP + (room.h - bounds.h * fit) / 2
    editor.setCamera({ x: left / fit - bounds.x, y: top / fit - bounds.y, z: fit })
    return
  }
  const z = MIN_OPEN_ZOOM
  editor.setCamera({ x: OPEN_INSET / z - bounds.x, y: OPEN_TOP / z - bounds.y, z })
}

/**
 * The same for every other page, the first time someone turns to it: an imported model's
 * second diagram opens on its model, not on its page's empty corner at 100 %. A page whose
 * camera was moved keeps its view (tldraw keeps one camera per page).
 */
export function fitPagesWhenFirstShown(editor: Editor): () => void {
  let shown = editor.getCurrentPageId()
  return react('fit a page first shown', () => {
    const page = editor.getCurrentPageId()
    if (page === shown) return
    shown = page
    fitCameraToModel(editor)
  })
}

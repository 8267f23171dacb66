import {
  BindingUtil,
  type BindingOnShapeChangeOptions,
  type Editor,
  type TLBinding,
  type RecordProps,
  type TLShape,
} from 'tldraw'
import { anchorBindingProps } from '@threatboard/shared'
import type {} from '../boardShapeTypes.ts'

type AnchorBinding = TLBinding<'tb-anchor'>

/** Cards hang from a box's top-right corner, and from the middle of a data flow (page space). */
export function anchorOf(editor: Editor, target: TLShape) {
  if (target.type === 'arrow') {
    // A flow between two elements: the middle between their centres, read from the bound
    // shapes themselves (the arrow's own geometry may not be recomputed yet mid-change).
    const ends = editor
      .getBindingsFromShape(target.id, 'arrow')
      .map((b) => editor.getShapePageBounds(b.toId))
      .filter((b) => b !== undefined)
    if (ends.length === 2) {
      return { x: (ends[0]!.midX + ends[1]!.midX) / 2, y: (ends[0]!.midY + ends[1]!.midY) / 2 }
    }
  }
  const bounds = editor.getShapePageBounds(target)
  if (!bounds) return { x: target.x, y: target.y }
  return target.type === 'arrow'
    ? { x: bounds.midX, y: bounds.midY }
    : { x: bounds.maxX, y: bounds.minY }
}

function placeCard(editor: Editor, binding: AnchorBinding, target: TLShape) {
  const card = editor.getShape(binding.fromId)
  if (!card) return
  const anchor = anchorOf(editor, target)
  const x = anchor.x + binding.props.dx
  const y = anchor.y + binding.props.dy
  if (card.x !== x || card.y !== y) editor.updateShape({ id: card.id, type: card.type, x, y })
}

type Size = { w: number; h: number }

const sizeOf = (s: TLShape): Size | undefined => {
  const { w, h } = s.props as { w?: unknown; h?: unknown }
  return typeof w === 'number' && typeof h === 'number' ? { w, h } : undefined
}

/**
 * Where something hanging from a shape goes when the shape is resized from `was` to `now`
 * (offsets are kept from its top-right corner, which moves with its right edge):
 * - a pin hangs under the left edge: once below the shape, it keeps to the left edge and the
 *   bottom, instead of ending up over the shape's name;
 * - a card left of the shape's middle keeps its distance from the left edge, and one wholly
 *   below it (and not on its right) from the bottom, so the cards put beside or under it stay
 *   beside or under it; a card on its right moves with the right edge already.
 * Gives `offset` itself back when nothing moves.
 */
function offsetAfterResize(
  hanging: TLShape,
  offset: { dx: number; dy: number },
  was: Size,
  now: Size,
): { dx: number; dy: number } {
  const dw = now.w - was.w
  const dh = now.h - was.h
  if (dw === 0 && dh === 0) return offset
  const below = offset.dy >= was.h - 1
  if (hanging.type === 'asset-pin') {
    return below ? { dx: offset.dx - dw, dy: offset.dy + dh } : offset
  }
  const width = sizeOf(hanging)?.w ?? 0
  const leftward = offset.dx + width / 2 < -was.w / 2
  const dx = leftward ? offset.dx - dw : offset.dx
  const dy = below && offset.dx < 0 ? offset.dy + dh : offset.dy
  return dx === offset.dx && dy === offset.dy ? offset : { dx, dy }
}

/**
 * Keeps pins and cards beside the edges they hang by when this person resizes a shape (a node
 * grown to a longer name, an imported board's nodes grown to theirs as it opens): see
 * `offsetAfterResize`. Only this person's own edits, not replayed by undo or redo: another's
 * arrive with the offsets their editor set, and moving them again here (as a binding's own
 * callback would, for remote changes too) put a pin twice as far from its node once two people
 * were in the room. Returns the function that stops it.
 */
export function keepAnchoredBesideEdges(editor: Editor): () => void {
  // An undo or redo brings back the offsets with the size: moving them again would move twice.
  // tldraw's `isReplayingHistory` is marked internal (absent from its types); should it go,
  // boardRules.test.ts's undo fails.
  const replaying = () =>
    (editor as unknown as { isReplayingHistory?(): boolean }).isReplayingHistory?.() ?? false
  return editor.sideEffects.registerAfterChangeHandler('shape', (before, after, source) => {
    if (source !== 'user' || replaying()) return
    const was = sizeOf(before)
    const now = sizeOf(after)
    if (!was || !now || (was.w === now.w && was.h === now.h)) return
    for (const binding of editor.getBindingsToShape<AnchorBinding>(after.id, 'tb-anchor')) {
      const hanging = editor.getShape(binding.fromId)
      if (!hanging) continue
      const props = offsetAfterResize(hanging, binding.props, was, now)
      if (props === binding.props) continue
      const moved = { ...binding, props }
      editor.updateBinding(moved)
      placeCard(editor, moved, after)
    }
  })
}

/** Where a card anchored to a data flow keeps its offset (tldraw allows no binding to arrows). */
export interface FlowAnchorMeta {
  anchorFlow: string
  dx: number
  dy: number
}

/** A card's anchor on a data flow, when it hangs from one. */
export function flowAnchorOf(shape: TLShape): FlowAnchorMeta | undefined {
  const meta = shape.meta as Partial<FlowAnchorMeta>
  return typeof meta.anchorFlow === 'string' ? (meta as FlowAnchorMeta) : undefined
}

/**
 * Cards on a data flow follow it. tldraw refuses bindings to arrows, so such a card names its
 * flow in `meta.anchorFlow` with its offset; when a shape changes, the cards of the flows bound
 * to it (or of the flow itself) are placed again, and a card the user moves keeps its new
 * offset. Returns the function that stops this.
 */
export function followDataFlows(editor: Editor): () => void {
  // The cards of each flow, kept up to date by the store from its changes: finding them must not
  // read every shape of the board for every flow that changes (opening a 2,000-shape board spent
  // about a second doing that; bench/RESULTS.md, "Big boards in the browser").
  const cardsByFlow = editor.store.query.index('shape', 'meta\\anchorFlow')
  const placeFlowCards = (flow: TLShape) => {
    const ids = cardsByFlow.get().get(flow.id)
    if (!ids || ids.size === 0) return
    const anchor = anchorOf(editor, flow)
    for (const id of ids) {
      const card = editor.getShape(id)
      const meta = card && flowAnchorOf(card)
      if (!card || meta?.anchorFlow !== flow.id) continue
      const x = anchor.x + meta.dx
      const y = anchor.y + meta.dy
      if (card.x !== x || card.y !== y) editor.updateShape({ id: card.id, type: card.type, x, y })
    }
  }
  return editor.sideEffects.registerAfterChangeHandler('shape', (prev, next) => {
    const meta = flowAnchorOf(next)
    if (meta && (prev.x !== next.x || prev.y !== next.y)) {
      const flow = editor.getShape(meta.anchorFlow as never)
      if (!flow) return
      const anchor = anchorOf(editor, flow)
      const dx = next.x - anchor.x
      const dy = next.y - anchor.y
      if (dx !== meta.dx || dy !== meta.dy) {
        editor.updateShape({ id: next.id, type: next.type, meta: { ...next.meta, dx, dy } })
      }
      return
    }
    if (next.type === 'arrow') placeFlowCards(next)
    for (const arrowBinding of editor.getBindingsToShape(next.id, 'arrow')) {
      const flow = editor.getShape(arrowBinding.fromId)
      if (flow) placeFlowCards(flow)
    }
  })
}

/**
 * Keeps a threat card or asset pin (`from`) at a fixed offset from the shape it is about
 * (`to`): when the target moves the card follows; when the card is moved the offset is
 * remembered. When the target is deleted tldraw removes the binding and the card stays, so the
 * threat is never deleted with it.
 */
export class AnchorBindingUtil extends BindingUtil<AnchorBinding> {
  static override type = 'tb-anchor' as const
  static override props = anchorBindingProps as unknown as RecordProps<AnchorBinding>

  override getDefaultProps() {
    return { dx: 0, dy: 0 }
  }

  override onAfterChangeToShape({
    binding,
    shapeAfter,
  }: BindingOnShapeChangeOptions<AnchorBinding>) {
    placeCard(this.editor, binding, shapeAfter)
  }

  override onAfterChangeFromShape({
    binding,
    shapeAfter,
  }: BindingOnShapeChangeOptions<AnchorBinding>) {
    const target = this.editor.getShape(binding.toId)
    if (!target) return
    const anchor = anchorOf(this.editor, target)
    const dx = shapeAfter.x - anchor.x
    const dy = shapeAfter.y - anchor.y
    if (dx !== binding.props.dx || dy !== binding.props.dy) {
      this.editor.updateBinding({ ...binding, props: { dx, dy } })
    }
  }
}

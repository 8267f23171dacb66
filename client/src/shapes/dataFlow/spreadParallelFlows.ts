import type { Box, Editor, TLArrowShape, TLShapeId } from 'tldraw'
import { flowLabelPageBox } from './flowLabel.ts'

/** Bends tried in turn for another flow between the same two elements (page units). */
const BENDS = [0, 120, -120, 240, -240, 360, -360]
/** Two flows whose bends differ by less than this look like one. */
const APART = 60
/** How much more a flow bends, step by step, until its label clears its parallels' labels. */
const LABEL_STEP = 40
const MAX_BEND = 480
/** How far apart, at most, an opened board's parallel flows are spread (see `spreadGroup`). */
const GROUP_MAX = 960

function endsOf(editor: Editor, arrowId: TLShapeId) {
  const bindings = editor.getBindingsFromShape(arrowId, 'arrow')
  const end = (terminal: string) =>
    bindings.find((b) => (b.props as { terminal: string }).terminal === terminal)?.toId
  return { start: end('start'), end: end('end') }
}

/**
 * The other arc flows between the same two elements as `arrow`, each with its bend as seen from
 * `first` (a bend is relative to the flow's direction), and how `arrow` itself is seen.
 */
function parallelsOf(editor: Editor, arrow: TLArrowShape) {
  const { start, end } = endsOf(editor, arrow.id)
  if (!start || !end || start === end || arrow.props.kind !== 'arc') return undefined
  const first = start < end ? start : end
  const sign = (from: TLShapeId | undefined) => (from === first ? 1 : -1)
  const others: { id: TLShapeId; seen: number; sign: number }[] = []
  for (const binding of editor.getBindingsToShape(first, 'arrow')) {
    if (binding.fromId === arrow.id || others.some((o) => o.id === binding.fromId)) continue
    const other = editor.getShape(binding.fromId)
    if (other?.type !== 'arrow' || other.props.kind !== 'arc') continue
    const ends = endsOf(editor, other.id)
    if (new Set([ends.start, ends.end, start, end]).size !== 2) continue
    others.push({ id: other.id, seen: other.props.bend * sign(ends.start), sign: sign(ends.start) })
  }
  return { others, sign: sign(start), seen: arrow.props.bend * sign(start) }
}

/** A flow's label on the page, if it has a visible one. */
function labelBox(editor: Editor, id: TLShapeId): Box | undefined {
  const box = flowLabelPageBox(editor, id)
  return box && box.width >= 2 ? box : undefined
}

const meet = (boxes: (Box | undefined)[]) =>
  boxes.some((a, i) => a && boxes.slice(i + 1).some((b) => b?.collides(a)))

/**
 * Spreads `arrow` and its parallel flows evenly on both sides of the straight line, in the order
 * of their bends, each step further apart until no two of their labels meet (or `GROUP_MAX`).
 * Nothing changes when their labels do not meet already.
 */
function spreadGroup(editor: Editor, arrow: TLArrowShape, done: Set<TLShapeId>) {
  const flows = parallelsOf(editor, arrow)
  if (!flows || flows.others.length === 0) return
  const group = [{ id: arrow.id, seen: flows.seen, sign: flows.sign }, ...flows.others]
  for (const f of group) done.add(f.id)
  const labels = () => group.map((f) => labelBox(editor, f.id))
  if (!meet(labels())) return
  group.sort((a, b) => a.seen - b.seen)
  for (let apart = 2 * LABEL_STEP; apart <= GROUP_MAX; apart += LABEL_STEP) {
    editor.updateShapes(
      group.map((f, i) => ({
        id: f.id,
        type: 'arrow' as const,
        props: { bend: (i - (group.length - 1) / 2) * apart * f.sign },
      })),
    )
    if (!meet(labels())) return
  }
}

/**
 * Two data flows between the same two elements (either way round) would lie on one line: when
 * this person binds a flow's ends to two elements that already have a flow at the same bend,
 * the new one takes the first free bend. When this person labels such a flow and its label
 * lands on a parallel flow's label, the flow bends further away until both read. With
 * `clearNow` (an editor opening the board), flows between the same two elements whose labels
 * meet are spread apart once, for boards imported or drawn before this rule: an imported
 * model's flows keep the source tool's bends, and with our labels' sizes they can cover each
 * other. Returns the function that stops this.
 */
export function spreadParallelFlows(editor: Editor, clearNow = false): () => void {
  const spread = (arrowId: TLShapeId) => {
    const arrow = editor.getShape(arrowId)
    if (arrow?.type !== 'arrow') return
    const flows = parallelsOf(editor, arrow)
    if (!flows || !flows.others.some((o) => Math.abs(o.seen - flows.seen) < APART)) return
    const free = BENDS.find((b) => flows.others.every((o) => Math.abs(o.seen - b) >= APART))
    if (free === undefined) return
    editor.updateShape({ id: arrow.id, type: 'arrow', props: { bend: free * flows.sign } })
  }
  const clearLabel = (arrowId: TLShapeId) => {
    for (let step = 0; step < MAX_BEND / LABEL_STEP; step++) {
      const arrow = editor.getShape(arrowId)
      if (arrow?.type !== 'arrow') return
      const flows = parallelsOf(editor, arrow)
      if (!flows || flows.others.length === 0) return
      const mine = labelBox(editor, arrowId)
      if (!mine) return
      const hit = flows.others.find((o) => labelBox(editor, o.id)?.collides(mine))
      if (!hit || Math.abs(flows.seen) >= MAX_BEND) return
      // Further out on its own side; a straight flow leaves towards the side away from the other.
      const away = flows.seen !== 0 ? Math.sign(flows.seen) : hit.seen > 0 ? -1 : 1
      const bend = (flows.seen + away * LABEL_STEP) * flows.sign
      editor.updateShape({ id: arrowId, type: 'arrow', props: { bend } })
    }
  }
  const stops = [
    editor.sideEffects.registerAfterCreateHandler('binding', (binding, source) => {
      if (source === 'user' && binding.type === 'arrow') spread(binding.fromId)
    }),
    editor.sideEffects.registerAfterChangeHandler('binding', (prev, next, source) => {
      if (source === 'user' && next.type === 'arrow' && prev.toId !== next.toId) {
        spread(next.fromId)
      }
    }),
    editor.sideEffects.registerAfterChangeHandler('shape', (prev, next, source) => {
      if (
        source === 'user' &&
        next.type === 'arrow' &&
        prev.type === 'arrow' &&
        prev.props.richText !== next.props.richText
      ) {
        clearLabel(next.id)
      }
    }),
  ]
  if (clearNow) {
    // Not an edit of this person's to undo: the board as it should have been drawn.
    editor.run(
      () => {
        const done = new Set<TLShapeId>()
        for (const shape of editor.getCurrentPageShapes()) {
          if (shape.type === 'arrow' && !done.has(shape.id)) spreadGroup(editor, shape, done)
        }
      },
      { history: 'ignore' },
    )
  }
  return () => stops.forEach((stop) => stop())
}

import type { Editor, TLArrowShape, TLShapeId } from 'tldraw'

/** Bends tried in turn for another flow between the same two elements (page units). */
const BENDS = [0, 90, -90, 180, -180, 270, -270]
/** Two flows whose bends differ by less than this look like one. */
const APART = 45

function endsOf(editor: Editor, arrowId: TLShapeId) {
  const bindings = editor.getBindingsFromShape(arrowId, 'arrow')
  const end = (terminal: string) =>
    bindings.find((b) => (b.props as { terminal: string }).terminal === terminal)?.toId
  return { start: end('start'), end: end('end') }
}

/**
 * Two data flows between the same two elements (either way round) would lie on one line: when
 * this person binds a flow's ends to two elements that already have a flow at the same bend,
 * the new one takes the first free bend. A bend is relative to the flow's direction, so bends
 * are compared as seen from one end. Returns the function that stops this.
 */
export function spreadParallelFlows(editor: Editor): () => void {
  const spread = (arrowId: TLShapeId) => {
    const arrow = editor.getShape(arrowId)
    if (arrow?.type !== 'arrow' || arrow.props.kind !== 'arc') return
    const { start, end } = endsOf(editor, arrowId)
    if (!start || !end || start === end) return
    const first = start < end ? start : end
    const seen = (flow: TLArrowShape, from: TLShapeId | undefined) =>
      flow.props.bend * (from === first ? 1 : -1)
    const others: number[] = []
    for (const binding of editor.getBindingsToShape(first, 'arrow')) {
      if (binding.fromId === arrowId) continue
      const other = editor.getShape(binding.fromId)
      if (other?.type !== 'arrow' || other.props.kind !== 'arc') continue
      const ends = endsOf(editor, other.id)
      if (new Set([ends.start, ends.end, start, end]).size !== 2) continue
      if (!others.length || !others.includes(seen(other, ends.start))) {
        others.push(seen(other, ends.start))
      }
    }
    const mine = seen(arrow, start)
    if (!others.some((b) => Math.abs(b - mine) < APART)) return
    const free = BENDS.find((b) => others.every((o) => Math.abs(o - b) >= APART))
    if (free === undefined) return
    editor.updateShape({
      id: arrow.id,
      type: 'arrow',
      props: { bend: start === first ? free : -free },
    })
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
  ]
  return () => stops.forEach((stop) => stop())
}

import { useEditor, useValue, type Editor, type TLShape } from 'tldraw'
import { flowLabelPageBox, flowMiddle } from './flowLabel.ts'
import { flowBadgeTexts } from './DataFlowShapeUtil.tsx'

interface Badge {
  id: string
  x: number
  y: number
  texts: string[]
  risky: boolean
}

/** Room between the badges and the flow's label (or line) under them, in page pixels. */
const GAP = 6

/**
 * Where a flow's badges sit (their bottom middle, in page space): just above the flow's label,
 * or above the middle of its line when it has none. Not the middle of the flow's bounds: two
 * flows bent apart between the same elements have their labels away from that middle, and the
 * badges covered the other flow's label.
 */
function badgeAnchor(editor: Editor, shape: TLShape): { x: number; y: number } | undefined {
  const label = flowLabelPageBox(editor, shape)
  const at = label ? { x: label.midX, y: label.minY } : flowMiddle(editor, shape)
  if (at) return { x: at.x, y: at.y - GAP }
  const bounds = editor.getShapePageBounds(shape)
  return bounds && { x: bounds.midX, y: bounds.midY - GAP }
}

/**
 * What a data flow's flags say, written on the board above the flow's label: its protocol,
 * whether it is encrypted, whether it crosses a public network. A flow that crosses a public
 * network unencrypted is marked as the risk it is. Drawn in page space, so it moves and zooms
 * with the board; flows whose flags were never set show nothing.
 */
export function FlowBadges() {
  const editor = useEditor()
  const badges = useValue(
    'flow badges',
    (): Badge[] =>
      editor.getCurrentPageShapes().flatMap((shape) => {
        if (shape.type !== 'arrow') return []
        const badges = flowBadgeTexts(shape.meta)
        const at = badges && badgeAnchor(editor, shape)
        if (!badges || !at) return []
        return [{ id: shape.id, ...at, ...badges }]
      }),
    [editor],
  )
  return (
    <>
      {badges.map((b) => (
        <div
          key={b.id}
          className={`tb-flow-badge${b.risky ? ' tb-flow-badge--risky' : ''}`}
          data-testid="flow-badge"
          style={{ transform: `translate(${b.x}px, ${b.y}px) translate(-50%, -100%)` }}
        >
          {b.texts.map((text) => (
            <span key={text}>{text}</span>
          ))}
        </div>
      ))}
    </>
  )
}

import { useEditor, useValue, type Editor, type TLShape, type TLShapeId } from 'tldraw'
import { readBesidesPlaces } from '../common/everyShape.ts'
import { flowLabelPageBox, flowMiddle } from './flowLabel.ts'
import { flowBadgeTexts } from './DataFlowShapeUtil.tsx'

interface Badge {
  id: TLShapeId
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
 *
 * Which flows have badges does not depend on where anything is (read besides places); each
 * badge follows its own flow, so a move places again only the badges of the flows it bends.
 */
export function FlowBadges() {
  const editor = useEditor()
  const badges = useValue(
    'flow badges',
    (): Badge[] => {
      editor.getCurrentPageId() // the page in view: tracked, as turning to another changes the list
      return readBesidesPlaces(editor, () =>
        editor.getCurrentPageShapes().flatMap((shape) => {
          if (shape.type !== 'arrow') return []
          const badges = flowBadgeTexts(shape.meta)
          return badges ? [{ id: shape.id, ...badges }] : []
        }),
      )
    },
    [editor],
  )
  return (
    <>
      {badges.map((b) => (
        <FlowBadge key={b.id} badge={b} />
      ))}
    </>
  )
}

function FlowBadge({ badge }: { badge: Badge }) {
  const editor = useEditor()
  const at = useValue(
    'flow badge place',
    () => {
      const shape = editor.getShape(badge.id)
      const at = shape && badgeAnchor(editor, shape)
      return at ? `translate(${at.x}px, ${at.y}px) translate(-50%, -100%)` : undefined
    },
    [editor, badge.id],
  )
  if (!at) return null
  return (
    <div
      className={`tb-flow-badge${badge.risky ? ' tb-flow-badge--risky' : ''}`}
      data-testid="flow-badge"
      style={{ transform: at }}
    >
      {badge.texts.map((text) => (
        <span key={text}>{text}</span>
      ))}
    </div>
  )
}

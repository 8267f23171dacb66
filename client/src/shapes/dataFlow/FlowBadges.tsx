import { useEditor, useValue } from 'tldraw'
import { flowBadgeTexts } from './DataFlowShapeUtil.tsx'

interface Badge {
  id: string
  x: number
  y: number
  texts: string[]
  risky: boolean
}

/**
 * What a data flow's flags say, written on the board above the flow's middle: its protocol,
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
        const bounds = editor.getShapePageBounds(shape)
        if (!badges || !bounds) return []
        return [{ id: shape.id, x: bounds.midX, y: bounds.midY, ...badges }]
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
          style={{ transform: `translate(${b.x}px, ${b.y - 34}px) translateX(-50%)` }}
        >
          {b.texts.map((text) => (
            <span key={text}>{text}</span>
          ))}
        </div>
      ))}
    </>
  )
}

import { useEditor, useValue } from 'tldraw'
import { readDataFlowMeta } from '@threatboard/shared'

interface Badge {
  id: string
  x: number
  y: number
  protocol: string
  encrypted: boolean
  publicNetwork: boolean
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
        const flow = readDataFlowMeta(shape.meta)
        if (!flow || !(flow.protocol || flow.encrypted || flow.publicNetwork)) return []
        const bounds = editor.getShapePageBounds(shape)
        if (!bounds) return []
        return [{ id: shape.id, x: bounds.midX, y: bounds.midY, ...flow }]
      }),
    [editor],
  )
  return (
    <>
      {badges.map((b) => {
        const risky = b.publicNetwork && !b.encrypted
        return (
          <div
            key={b.id}
            className={`tb-flow-badge${risky ? ' tb-flow-badge--risky' : ''}`}
            data-testid="flow-badge"
            style={{ transform: `translate(${b.x}px, ${b.y - 34}px) translateX(-50%)` }}
          >
            {b.protocol && <span>{b.protocol}</span>}
            <span>{b.encrypted ? 'encrypted' : 'not encrypted'}</span>
            {b.publicNetwork && <span>public network</span>}
          </div>
        )
      })}
    </>
  )
}

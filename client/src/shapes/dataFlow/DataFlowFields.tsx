import { toRichText, useEditor, useValue, type TLShapeId } from 'tldraw'
import { readDataFlowMeta, type DataFlowMeta } from '@threatboard/shared'

const DEFAULT_FLOW: DataFlowMeta = { protocol: '', encrypted: false, publicNetwork: false }

/**
 * A data flow's label and flags. The label is the arrow's own text (drawn by tldraw on the
 * arrow); protocol, encrypted and public-network live in `meta.dataFlow`. Each edit is one
 * undoable change of the arrow.
 */
export function DataFlowFields({ arrowId }: { arrowId: TLShapeId }) {
  const editor = useEditor()
  const arrow = useValue('flow', () => editor.getShape(arrowId), [editor, arrowId])
  if (arrow?.type !== 'arrow') return null
  const flow = readDataFlowMeta(arrow.meta) ?? DEFAULT_FLOW
  const label = editor.getShapeUtil(arrow).getText(arrow) ?? ''
  const set = (patch: Partial<DataFlowMeta>) => {
    editor.markHistoryStoppingPoint('data flow')
    editor.updateShape({
      id: arrow.id,
      type: 'arrow',
      meta: { ...arrow.meta, dataFlow: { ...flow, ...patch } },
    })
  }
  const commitLabel = (text: string) => {
    if (text.trim() === label.trim()) return
    editor.markHistoryStoppingPoint('data flow label')
    editor.updateShape({
      id: arrow.id,
      type: 'arrow',
      props: { richText: toRichText(text.trim()) },
    })
  }
  // Enter saves the field (on its blur) and gives the keyboard back to the board, where the
  // flow is still selected, rather than leaving it on the page.
  const enterBlurs = (e: React.KeyboardEvent<HTMLInputElement>) => {
    e.stopPropagation()
    if (e.key !== 'Enter') return
    e.currentTarget.blur()
    editor.getContainer().focus()
  }
  return (
    <div className="tb-flow" data-testid="flow-fields">
      <label className="tb-flow__field">
        <span>Label</span>
        <input
          key={`${arrow.id}-label-${label}`}
          data-testid="flow-label"
          defaultValue={label}
          placeholder="e.g. Place order"
          maxLength={120}
          onKeyDown={enterBlurs}
          onBlur={(e) => commitLabel(e.currentTarget.value)}
        />
      </label>
      <label className="tb-flow__field">
        <span>Protocol</span>
        <input
          key={`${arrow.id}-protocol-${flow.protocol}`}
          data-testid="flow-protocol"
          defaultValue={flow.protocol}
          placeholder="e.g. HTTPS, gRPC, SQL"
          maxLength={40}
          onKeyDown={enterBlurs}
          onBlur={(e) => {
            const protocol = e.currentTarget.value.trim()
            if (protocol !== flow.protocol) set({ protocol })
          }}
        />
      </label>
      <div className="tb-flow__flags">
        <label className="tb-flow__flag">
          <input
            type="checkbox"
            data-testid="flow-encrypted"
            checked={flow.encrypted}
            onChange={(e) => set({ encrypted: e.target.checked })}
          />
          Encrypted
        </label>
        <label className="tb-flow__flag">
          <input
            type="checkbox"
            data-testid="flow-public"
            checked={flow.publicNetwork}
            onChange={(e) => set({ publicNetwork: e.target.checked })}
          />
          Crosses a public network
        </label>
      </div>
    </div>
  )
}

import { createBindingId, createShapeId, type Editor, type TLShapeId } from 'tldraw'
import type {} from '../boardShapeTypes.ts'
import { anchorOf } from '../anchor/AnchorBindingUtil.ts'

/** Pins a catalogue asset onto an element: a pin under it, bound so it follows the element. */
export function pinAsset(
  editor: Editor,
  opts: { assetId: string; targetShapeId: TLShapeId },
): void {
  const target = editor.getShape(opts.targetShapeId)
  if (!target) return
  const bounds = editor.getShapePageBounds(target)
  const anchor = anchorOf(editor, target)
  const pins = editor
    .getBindingsToShape(target.id, 'tb-anchor')
    .filter((b) => editor.getShape(b.fromId)?.type === 'asset-pin').length
  const width = bounds?.width ?? 0
  // Pins hang below the target's left edge (the anchor is its top-right corner).
  const dx = target.type === 'arrow' ? -width / 2 : -width
  const dy = (bounds?.height ?? 0) + 6 + pins * 32
  const pinId = createShapeId()
  editor.markHistoryStoppingPoint('pin asset')
  editor.createShape({
    id: pinId,
    type: 'asset-pin',
    x: anchor.x + dx,
    y: anchor.y + dy,
    props: { assetId: opts.assetId },
  })
  editor.createBinding({
    id: createBindingId(),
    type: 'tb-anchor',
    fromId: pinId,
    toId: target.id,
    props: { dx, dy },
  })
}

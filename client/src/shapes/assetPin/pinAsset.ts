import { createBindingId, createShapeId, type Editor, type TLShapeId } from 'tldraw'
import type {} from '../boardShapeTypes.ts'
import { readCollection } from '@threatboard/shared'
import { anchorOf } from '../anchor/AnchorBindingUtil.ts'
import { shapeModelOf } from '../common/shapeModel.ts'
import { textWidth } from '../common/svgText.tsx'

/**
 * A pin wide enough for its asset's whole name and sensitivity (shapes.css .tb-apin: shield,
 * gaps, name at 11 px, the level's pill at 9 px capitals); the default width when the asset is
 * not known here.
 */
function pinWidth(editor: Editor, assetId: string): number | undefined {
  const model = shapeModelOf(editor)
  const asset = model && readCollection(model.doc, 'assets').find((a) => a.id === assetId)
  if (!asset) return undefined
  const name = textWidth(asset.name, 11, 600)
  const level = textWidth(asset.sensitivity.toUpperCase(), 9, 600) + 0.05 * 9 * 12 + 12
  return Math.min(360, Math.max(120, Math.ceil(9 + 12 + 6 + name + 6 + level + 4 + 8)))
}

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
  const w = pinWidth(editor, opts.assetId)
  const pinId = createShapeId()
  editor.markHistoryStoppingPoint('pin asset')
  editor.createShape({
    id: pinId,
    type: 'asset-pin',
    x: anchor.x + dx,
    y: anchor.y + dy,
    props: { assetId: opts.assetId, ...(w ? { w } : {}) },
  })
  editor.createBinding({
    id: createBindingId(),
    type: 'tb-anchor',
    fromId: pinId,
    toId: target.id,
    props: { dx, dy },
  })
}

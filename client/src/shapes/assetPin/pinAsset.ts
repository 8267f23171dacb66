import { createBindingId, createShapeId, type Editor, type TLShapeId } from 'tldraw'
import type {} from '../boardShapeTypes.ts'
import type * as Y from 'yjs'
import { readCollection, type Asset } from '@threatboard/shared'
import { collectionSource } from '../../model/useModel.ts'
import { everyShape } from '../common/everyShape.ts'
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
  return asset && widthFor(asset)
}

function widthFor(asset: Pick<Asset, 'name' | 'sensitivity'>): number {
  const name = textWidth(asset.name, 11, 600)
  const level = textWidth(asset.sensitivity.toUpperCase(), 9, 600) + 0.05 * 9 * 12 + 12
  return Math.min(360, Math.max(120, Math.ceil(9 + 12 + 6 + name + 6 + level + 4 + 8)))
}

/**
 * Keeps every pin as wide as its asset's name and sensitivity: pins drawn by a template or an
 * import come at one width (their names cut short), and an asset renamed after it was pinned
 * would keep the width of its old name. Fits them when the board opens and whenever the asset
 * catalogue changes. For editors only; every editor writes the same widths, so two doing it at
 * once agree. Not an edit anyone undoes.
 */
export function keepPinsFitted(editor: Editor, doc: Y.Doc): () => void {
  const assets = collectionSource(doc, 'assets')
  const fit = () => {
    const byId = new Map(assets.get().map((a) => [a.id, a]))
    const updates = everyShape(editor).flatMap((shape) => {
      if (shape.type !== 'asset-pin') return []
      const asset = byId.get(shape.props.assetId)
      const w = asset && widthFor(asset)
      return w && w !== shape.props.w ? [{ id: shape.id, type: shape.type, props: { w } }] : []
    })
    if (updates.length) editor.run(() => editor.updateShapes(updates), { history: 'ignore' })
  }
  fit()
  // After the change that told us, not inside the Yjs observer that reports it.
  let stopped = false
  const unsubscribe = assets.subscribe(() => queueMicrotask(() => stopped || fit()))
  return () => {
    stopped = true
    unsubscribe()
  }
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

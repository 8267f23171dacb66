import { useEditor, useValue, type TLShapeId } from 'tldraw'
import { useDocCollection, useShapeModel } from '../common/shapeModel.ts'
import type {} from '../boardShapeTypes.ts'

/** The assets pinned to a shape, shown inside it (the pins themselves hang beside it). */
export function AssetList({ shapeId }: { shapeId: TLShapeId }) {
  const editor = useEditor()
  const assets = useDocCollection(useShapeModel()?.doc, 'assets')
  const pinned = useValue(
    'pinned assets',
    () =>
      editor
        .getBindingsToShape(shapeId, 'tb-anchor')
        .map((b) => editor.getShape(b.fromId))
        .flatMap((s) => (s?.type === 'asset-pin' ? [s.props.assetId] : [])),
    [editor, shapeId],
  )
  const names = [...new Set(pinned)]
    .map((id) => assets.find((a) => a.id === id)?.name)
    .filter(Boolean)
  if (names.length === 0) return null
  return (
    <span className="tb-node__assets" data-testid="node-assets" title={names.join(', ')}>
      {names.length === 1 ? '1 asset' : `${names.length} assets`}: {names.join(', ')}
    </span>
  )
}

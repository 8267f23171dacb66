import { useEditor, useValue, type TLShapeId } from 'tldraw'
import { useCollection } from '../../model/useModel.ts'
import type {} from '../boardShapeTypes.ts'

/** The names of the assets pinned to a shape, shown inside it. */
export function AssetList({ shapeId }: { shapeId: TLShapeId }) {
  const editor = useEditor()
  const assets = useCollection('assets')
  const pinned = useValue(
    'pinned assets',
    () =>
      editor
        .getBindingsToShape(shapeId, 'tb-anchor')
        .map((b) => editor.getShape(b.fromId))
        .flatMap((s) => (s?.type === 'asset-pin' ? [s.props.assetId] : [])),
    [editor, shapeId],
  )
  const names = pinned.map((id) => assets.find((a) => a.id === id)?.name).filter(Boolean)
  if (names.length === 0) return null
  return <span className="tb-dfd__assets">Assets: {names.join(', ')}</span>
}

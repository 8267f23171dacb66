import { BaseBoxShapeUtil, HTMLContainer, type RecordProps } from 'tldraw'
import { assetPinProps } from '@threatboard/shared'
import type { AssetPinShape } from '../boardShapeTypes.ts'
import { useCollection } from '../../model/useModel.ts'

function AssetPin({ shape }: { shape: AssetPinShape }) {
  const asset = useCollection('assets').find((a) => a.id === shape.props.assetId)
  return (
    <HTMLContainer
      className={`tb-pin tb-pin--${asset?.sensitivity ?? 'none'}`}
      style={{ width: shape.props.w, height: shape.props.h }}
      data-testid="asset-pin"
    >
      ◆ {asset ? `${asset.name} · ${asset.sensitivity}` : 'Asset removed'}
    </HTMLContainer>
  )
}

/** An asset from the catalogue, pinned onto the element that holds or touches it. */
export class AssetPinShapeUtil extends BaseBoxShapeUtil<AssetPinShape> {
  static override type = 'asset-pin' as const
  static override props = assetPinProps as unknown as RecordProps<AssetPinShape>

  override getDefaultProps(): AssetPinShape['props'] {
    return { w: 170, h: 28, assetId: '' }
  }

  override canResize() {
    return false
  }

  override component(shape: AssetPinShape) {
    return <AssetPin shape={shape} />
  }

  override getIndicatorPath(shape: AssetPinShape) {
    const path = new Path2D()
    path.roundRect(0, 0, shape.props.w, shape.props.h, 14)
    return path
  }
}

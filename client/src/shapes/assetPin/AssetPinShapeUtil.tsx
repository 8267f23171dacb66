import { BaseBoxShapeUtil, HTMLContainer, type RecordProps } from 'tldraw'
import { assetPinProps } from '@threatboard/shared'
import type { AssetPinShape } from '../boardShapeTypes.ts'
import { useCollection } from '../../model/useModel.ts'

function AssetPin({ shape }: { shape: AssetPinShape }) {
  const asset = useCollection('assets').find((a) => a.id === shape.props.assetId)
  return (
    <HTMLContainer
      className={`tb-apin tb-apin--${asset?.sensitivity ?? 'none'}`}
      style={{ width: shape.props.w, height: shape.props.h }}
      data-testid="asset-pin"
      title={asset ? `${asset.name} (${asset.kind}, ${asset.sensitivity})` : 'Asset removed'}
    >
      <svg className="tb-apin__icon" viewBox="0 0 12 12" aria-hidden="true">
        <path d="M6 0.8 10.5 3.2v3.1c0 2.6-1.9 4.4-4.5 5-2.6-.6-4.5-2.4-4.5-5V3.2Z" />
      </svg>
      <span className="tb-apin__name">{asset?.name ?? 'Asset removed'}</span>
      {asset && <span className="tb-apin__level">{asset.sensitivity}</span>}
    </HTMLContainer>
  )
}

/** An asset from the catalogue, pinned onto the element that holds or touches it. */
export class AssetPinShapeUtil extends BaseBoxShapeUtil<AssetPinShape> {
  static override type = 'asset-pin' as const
  static override props = assetPinProps as unknown as RecordProps<AssetPinShape>

  override getDefaultProps(): AssetPinShape['props'] {
    return { w: 200, h: 28, assetId: '' }
  }

  override canResize() {
    return false
  }

  override canBind({ bindingType }: { bindingType: string }) {
    return bindingType !== 'arrow'
  }

  override component(shape: AssetPinShape) {
    return <AssetPin shape={shape} />
  }

  override getIndicatorPath(shape: AssetPinShape) {
    const path = new Path2D()
    path.roundRect(0, 0, shape.props.w, shape.props.h, shape.props.h / 2)
    return path
  }
}

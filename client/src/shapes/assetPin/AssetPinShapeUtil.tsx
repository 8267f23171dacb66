import { BaseBoxShapeUtil, HTMLContainer, type Editor, type RecordProps } from 'tldraw'
import { assetPinProps, readCollection, type Asset } from '@threatboard/shared'
import type { AssetPinShape } from '../boardShapeTypes.ts'
import { shapeModelOf, useDocCollection, useShapeModel } from '../common/shapeModel.ts'
import { SvgLines, textWidth } from '../common/svgText.tsx'

const PIN_PATH = 'M6 0.8 10.5 3.2v3.1c0 2.6-1.9 4.4-4.5 5-2.6-.6-4.5-2.4-4.5-5V3.2Z'

/** The colour of each sensitivity (shapes.css .tb-apin--*). */
const LEVEL_COLORS: Record<string, string> = {
  restricted: '#b42318',
  confidential: '#dc6803',
  internal: '#1570ef',
  public: '#079455',
  none: '#667085',
}

function AssetPin({ shape }: { shape: AssetPinShape }) {
  const model = useShapeModel()
  const assets = useDocCollection(model?.doc, 'assets')
  const asset = assets.find((a) => a.id === shape.props.assetId)
  const missing = model ? 'Asset removed' : 'Asset'
  return (
    <HTMLContainer
      className={`tb-apin tb-apin--${asset?.sensitivity ?? 'none'}`}
      style={{ width: shape.props.w, height: shape.props.h }}
      data-testid="asset-pin"
      title={asset ? `${asset.name} (${asset.kind}, ${asset.sensitivity})` : missing}
    >
      <svg className="tb-apin__icon" viewBox="0 0 12 12" aria-hidden="true">
        <path d={PIN_PATH} />
      </svg>
      <span className="tb-apin__name">{asset?.name ?? missing}</span>
      {asset && <span className="tb-apin__level">{asset.sensitivity}</span>}
    </HTMLContainer>
  )
}

function assetOf(editor: Editor, shape: AssetPinShape): Asset | undefined {
  const model = shapeModelOf(editor)
  if (!model) return undefined
  return readCollection(model.doc, 'assets').find((a) => a.id === shape.props.assetId)
}

/** The pin as plain SVG (exports, reports): pill, shield, name, sensitivity. */
function AssetPinSvg({ shape, asset }: { shape: AssetPinShape; asset: Asset | undefined }) {
  const { w, h } = shape.props
  const color = LEVEL_COLORS[asset?.sensitivity ?? 'none'] ?? LEVEL_COLORS.none!
  const level = asset?.sensitivity.toUpperCase() ?? ''
  const levelW = level ? textWidth(level, 9, 600) + 14 : 0
  return (
    <g>
      <rect
        x={0.75}
        y={0.75}
        width={w - 1.5}
        height={h - 1.5}
        rx={(h - 1.5) / 2}
        fill="#fff"
        stroke={color}
        strokeWidth={1.5}
      />
      <path d={PIN_PATH} fill={color} transform={`translate(9 ${h / 2 - 6})`} />
      <SvgLines
        lines={[asset?.name ?? 'Asset']}
        x={27}
        y={h / 2 + 4}
        px={11}
        weight={600}
        fill="#101828"
      />
      {level && (
        <g>
          <rect x={w - 4 - levelW} y={h / 2 - 8} width={levelW} height={16} rx={8} fill={color} />
          <SvgLines
            lines={[level]}
            x={w - 4 - levelW / 2}
            y={h / 2 + 3}
            px={9}
            weight={600}
            fill="#fff"
            anchor="middle"
          />
        </g>
      )}
    </g>
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

  override getText(shape: AssetPinShape) {
    return assetOf(this.editor, shape)?.name
  }

  override component(shape: AssetPinShape) {
    return <AssetPin shape={shape} />
  }

  override toSvg(shape: AssetPinShape) {
    return <AssetPinSvg shape={shape} asset={assetOf(this.editor, shape)} />
  }

  override getIndicatorPath(shape: AssetPinShape) {
    const path = new Path2D()
    path.roundRect(0, 0, shape.props.w, shape.props.h, shape.props.h / 2)
    return path
  }
}

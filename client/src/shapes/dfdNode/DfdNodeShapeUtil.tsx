import {
  BaseBoxShapeUtil,
  Ellipse2d,
  HTMLContainer,
  Rectangle2d,
  useEditor,
  type RecordProps,
} from 'tldraw'
import { dfdNodeProps } from '@threatboard/shared'
import type { DfdNodeShape } from '../boardShapeTypes.ts'
import { AssetList } from '../assetPin/AssetList.tsx'
import { InPlaceText } from '../common/InPlaceText.tsx'
import { SvgLines, wrapText } from '../common/svgText.tsx'
import { nameLines, NAME_LINE, NAME_PX, NAME_WEIGHT } from './nodeSize.ts'

export const DFD_KIND_LABEL: Record<DfdNodeShape['props']['kind'], string> = {
  'external-entity': 'External entity',
  process: 'Process',
  'data-store': 'Data store',
}

/** Outline and ink of each kind (shapes.css draws the same in the DOM). */
const KIND_COLORS: Record<DfdNodeShape['props']['kind'], { stroke: string; fill: string }> = {
  'external-entity': { stroke: '#5925dc', fill: '#f4f3ff' },
  process: { stroke: '#1d4ed8', fill: '#eff4ff' },
  'data-store': { stroke: '#067647', fill: '#ecfdf3' },
}
const OUT_OF_SCOPE = { stroke: '#98a2b3', fill: '#f2f4f7' }

/** The outline DFDs use for each kind, drawn in the shape's own box. */
function Outline({
  shape,
  colors,
}: {
  shape: DfdNodeShape
  /** Explicit colours for an export (no stylesheet there); the DOM takes them from CSS. */
  colors?: { stroke: string; fill: string; dash?: string }
}) {
  const { w, h, kind } = shape.props
  const s = 1 // half the stroke, so the outline stays inside the box
  const paint = colors && {
    stroke: colors.stroke,
    strokeWidth: 2,
    strokeDasharray: colors.dash,
  }
  const fill = colors && { fill: colors.fill }
  return (
    <>
      {kind === 'process' && (
        <ellipse cx={w / 2} cy={h / 2} rx={w / 2 - s} ry={h / 2 - s} {...paint} {...fill} />
      )}
      {kind === 'external-entity' && (
        <rect x={s} y={s} width={w - 2 * s} height={h - 2 * s} {...paint} {...fill} />
      )}
      {kind === 'data-store' && (
        <>
          <rect className="tb-node__fill" x={0} y={s} width={w} height={h - 2 * s} {...fill} />
          <line x1={0} y1={s} x2={w} y2={s} {...paint} />
          <line x1={0} y1={h - s} x2={w} y2={h - s} {...paint} />
          <line x1={12} y1={s} x2={12} y2={h - s} {...paint} />
        </>
      )}
    </>
  )
}

function DfdNode({ shape }: { shape: DfdNodeShape }) {
  const editor = useEditor()
  const { kind, name, inScope, w, h } = shape.props
  return (
    <HTMLContainer
      className={`tb-node tb-node--${kind}${inScope ? '' : ' tb-node--out'}`}
      style={{ width: w, height: h }}
      data-testid="dfd-node"
      data-kind={kind}
    >
      <svg className="tb-node__outline" width={w} height={h} aria-hidden="true">
        <Outline shape={shape} />
      </svg>
      <div
        className="tb-node__text"
        // A process's text keeps inside its ellipse: 16 % of the width at each side, 10 % of
        // the height above and below (a CSS percentage is of the width both ways, which pushed
        // the name out of the bottom of a wide process).
        style={kind === 'process' ? { padding: `${0.1 * h}px ${0.16 * w}px` } : undefined}
      >
        <span className="tb-node__kind">{DFD_KIND_LABEL[kind]}</span>
        <InPlaceText
          shapeId={shape.id}
          value={name || DFD_KIND_LABEL[kind]}
          label="Element name"
          className="tb-node__name"
          testId="dfd-node-name"
          onCommit={(next) =>
            editor.updateShape({ id: shape.id, type: 'dfd-node', props: { name: next } })
          }
        />
        <AssetList shapeId={shape.id} />
      </div>
      {!inScope && <span className="tb-node__scope">Out of scope</span>}
    </HTMLContainer>
  )
}

/** The node as plain SVG (exports, reports): outline, kind, the whole name, scope tag. */
function DfdNodeSvg({ shape, assets }: { shape: DfdNodeShape; assets: string[] }) {
  const { w, h, kind, name, inScope } = shape.props
  const colors = inScope ? KIND_COLORS[kind] : { ...OUT_OF_SCOPE, dash: '6 4' }
  const ink = inScope ? '#101828' : '#667085'
  const lines = nameLines(name || DFD_KIND_LABEL[kind])
  const assetLine = assets.length
    ? wrapText(assets.join(', '), { px: 10, maxWidth: w - 24, maxLines: 1 })
    : []
  const blockH = 12 + lines.length * NAME_LINE + (assetLine.length ? 14 : 0)
  const cx = kind === 'data-store' ? (w + 12) / 2 : w / 2
  const top = h / 2 - blockH / 2
  return (
    <g>
      <Outline shape={shape} colors={colors} />
      <SvgLines
        lines={[DFD_KIND_LABEL[kind].toUpperCase()]}
        x={cx}
        y={top + 8}
        px={9}
        weight={600}
        fill={colors.stroke}
        anchor="middle"
      />
      <SvgLines
        lines={lines}
        x={cx}
        y={top + 12 + NAME_PX}
        px={NAME_PX}
        weight={NAME_WEIGHT}
        lineHeight={NAME_LINE / NAME_PX}
        fill={ink}
        anchor="middle"
      />
      {assetLine.length > 0 && (
        <SvgLines
          lines={assetLine}
          x={cx}
          y={top + 12 + lines.length * NAME_LINE + 11}
          px={10}
          fill="#475467"
          anchor="middle"
        />
      )}
      {!inScope && (
        <g>
          <rect x={w - 84} y={-9} width={78} height={16} rx={4} fill="#667085" />
          <SvgLines
            lines={['OUT OF SCOPE']}
            x={w - 45}
            y={3}
            px={9}
            weight={700}
            fill="#fff"
            anchor="middle"
          />
        </g>
      )}
    </g>
  )
}

/**
 * A data-flow-diagram node, with the look DFDs use: an external entity is a sharp box, a process
 * an ellipse, a data store a box open at both ends. Out-of-scope nodes are greyed and dashed.
 * Double-click (or Enter) renames it in place; the node grows to fit its name (nodeSize.ts).
 */
export class DfdNodeShapeUtil extends BaseBoxShapeUtil<DfdNodeShape> {
  static override type = 'dfd-node' as const
  static override props = dfdNodeProps as unknown as RecordProps<DfdNodeShape>

  override getDefaultProps(): DfdNodeShape['props'] {
    return { w: 160, h: 80, kind: 'process', name: 'Process', inScope: true, description: '' }
  }

  override getGeometry(shape: DfdNodeShape) {
    const { w: width, h: height } = shape.props
    return shape.props.kind === 'process'
      ? new Ellipse2d({ width, height, isFilled: true })
      : new Rectangle2d({ width, height, isFilled: true })
  }

  override canEdit() {
    return true
  }

  override getText(shape: DfdNodeShape) {
    return shape.props.name
  }

  override component(shape: DfdNodeShape) {
    return <DfdNode shape={shape} />
  }

  override toSvg(shape: DfdNodeShape) {
    const editor = this.editor
    const assets = editor
      .getBindingsToShape(shape.id, 'tb-anchor')
      .map((b) => editor.getShape(b.fromId))
      .flatMap((s) => (s?.type === 'asset-pin' ? [editor.getShapeUtil(s).getText(s) ?? ''] : []))
      .filter(Boolean)
    return <DfdNodeSvg shape={shape} assets={[...new Set(assets)]} />
  }

  override getIndicatorPath(shape: DfdNodeShape) {
    const { w, h } = shape.props
    const path = new Path2D()
    if (shape.props.kind === 'process') path.ellipse(w / 2, h / 2, w / 2, h / 2, 0, 0, Math.PI * 2)
    else path.rect(0, 0, w, h)
    return path
  }
}

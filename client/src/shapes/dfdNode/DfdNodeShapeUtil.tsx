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

export const DFD_KIND_LABEL: Record<DfdNodeShape['props']['kind'], string> = {
  'external-entity': 'External entity',
  process: 'Process',
  'data-store': 'Data store',
}

/** The outline DFDs use for each kind, drawn in the shape's own box. */
function Outline({ shape }: { shape: DfdNodeShape }) {
  const { w, h, kind } = shape.props
  const s = 1 // half the stroke, so the outline stays inside the box
  return (
    <svg className="tb-node__outline" width={w} height={h} aria-hidden="true">
      {kind === 'process' && <ellipse cx={w / 2} cy={h / 2} rx={w / 2 - s} ry={h / 2 - s} />}
      {kind === 'external-entity' && <rect x={s} y={s} width={w - 2 * s} height={h - 2 * s} />}
      {kind === 'data-store' && (
        <>
          <rect className="tb-node__fill" x={0} y={s} width={w} height={h - 2 * s} />
          <line x1={0} y1={s} x2={w} y2={s} />
          <line x1={0} y1={h - s} x2={w} y2={h - s} />
          <line x1={12} y1={s} x2={12} y2={h - s} />
        </>
      )}
    </svg>
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
      <Outline shape={shape} />
      <div className="tb-node__text">
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

/**
 * A data-flow-diagram node, with the look DFDs use: an external entity is a sharp box, a process
 * an ellipse, a data store a box open at both ends. Out-of-scope nodes are greyed and dashed.
 * Double-click (or Enter) renames it in place.
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

  override component(shape: DfdNodeShape) {
    return <DfdNode shape={shape} />
  }

  override getIndicatorPath(shape: DfdNodeShape) {
    const { w, h } = shape.props
    const path = new Path2D()
    if (shape.props.kind === 'process') path.ellipse(w / 2, h / 2, w / 2, h / 2, 0, 0, Math.PI * 2)
    else path.rect(0, 0, w, h)
    return path
  }
}

import {
  BaseBoxShapeUtil,
  HTMLContainer,
  Rectangle2d,
  useEditor,
  type RecordProps,
  type TLShapeUtilCanBindOpts,
} from 'tldraw'
import { trustBoundaryProps } from '@threatboard/shared'
import type { TrustBoundaryShape } from '../boardShapeTypes.ts'
import { InPlaceText } from '../common/InPlaceText.tsx'
import { SvgLines, textWidth } from '../common/svgText.tsx'

function TrustBoundary({ shape }: { shape: TrustBoundaryShape }) {
  const editor = useEditor()
  return (
    <HTMLContainer
      className="tb-zone"
      style={{ width: shape.props.w, height: shape.props.h }}
      data-testid="trust-boundary"
    >
      <InPlaceText
        shapeId={shape.id}
        value={shape.props.name || 'Trust boundary'}
        label="Trust boundary name"
        className="tb-zone__name"
        testId="trust-boundary-name"
        onCommit={(next) =>
          editor.updateShape({ id: shape.id, type: 'trust-boundary', props: { name: next } })
        }
      />
    </HTMLContainer>
  )
}

/**
 * A trust boundary: a dashed red region that the elements it contains sit inside. Only its
 * outline and name are hit, so a click inside it still reaches the canvas and the elements.
 */
export class TrustBoundaryShapeUtil extends BaseBoxShapeUtil<TrustBoundaryShape> {
  static override type = 'trust-boundary' as const
  static override props = trustBoundaryProps as unknown as RecordProps<TrustBoundaryShape>

  override getDefaultProps(): TrustBoundaryShape['props'] {
    return { w: 480, h: 320, name: 'Trust boundary' }
  }

  override getGeometry(shape: TrustBoundaryShape) {
    return new Rectangle2d({ width: shape.props.w, height: shape.props.h, isFilled: false })
  }

  override canEdit() {
    return true
  }

  /** Flows run between elements, not to the boundary around them; cards may still hang on it. */
  override canBind({ bindingType }: TLShapeUtilCanBindOpts) {
    return bindingType !== 'arrow'
  }

  override component(shape: TrustBoundaryShape) {
    return <TrustBoundary shape={shape} />
  }

  override getText(shape: TrustBoundaryShape) {
    return shape.props.name
  }

  /** The boundary as plain SVG (exports, reports): dashed region and its name tab. */
  override toSvg(shape: TrustBoundaryShape) {
    const { w, h } = shape.props
    const name = shape.props.name || 'Trust boundary'
    const tabW = textWidth(name, 12, 650) + 18
    return (
      <g>
        <rect
          x={1}
          y={1}
          width={w - 2}
          height={h - 2}
          rx={10}
          fill="#d92d20"
          fillOpacity={0.025}
          stroke="#d92d20"
          strokeWidth={2}
          strokeDasharray="8 6"
        />
        <rect x={12} y={-11} width={tabW} height={21} rx={4} fill="#fef3f2" stroke="#fda29b" />
        <SvgLines lines={[name]} x={21} y={4} px={12} weight={650} fill="#b42318" />
      </g>
    )
  }

  override getIndicatorPath(shape: TrustBoundaryShape) {
    const path = new Path2D()
    path.rect(0, 0, shape.props.w, shape.props.h)
    return path
  }
}

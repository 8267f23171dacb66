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

  override getIndicatorPath(shape: TrustBoundaryShape) {
    const path = new Path2D()
    path.rect(0, 0, shape.props.w, shape.props.h)
    return path
  }
}

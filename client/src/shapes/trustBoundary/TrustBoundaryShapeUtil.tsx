import { BaseBoxShapeUtil, HTMLContainer, type RecordProps } from 'tldraw'
import { trustBoundaryProps } from '@threatboard/shared'
import type { TrustBoundaryShape } from '../boardShapeTypes.ts'

/** A trust boundary: a dashed red region that the elements it contains sit inside. */
export class TrustBoundaryShapeUtil extends BaseBoxShapeUtil<TrustBoundaryShape> {
  static override type = 'trust-boundary' as const
  static override props = trustBoundaryProps as unknown as RecordProps<TrustBoundaryShape>

  override getDefaultProps(): TrustBoundaryShape['props'] {
    return { w: 480, h: 320, name: 'Trust boundary' }
  }

  override component(shape: TrustBoundaryShape) {
    return (
      <HTMLContainer
        className="tb-boundary"
        style={{ width: shape.props.w, height: shape.props.h }}
        data-testid="trust-boundary"
      >
        <span className="tb-boundary__name">{shape.props.name}</span>
      </HTMLContainer>
    )
  }

  override getIndicatorPath(shape: TrustBoundaryShape) {
    const path = new Path2D()
    path.rect(0, 0, shape.props.w, shape.props.h)
    return path
  }
}

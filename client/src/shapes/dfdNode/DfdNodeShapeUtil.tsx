import { BaseBoxShapeUtil, HTMLContainer, type RecordProps } from 'tldraw'
import { dfdNodeProps } from '@threatboard/shared'
import type { DfdNodeShape } from '../boardShapeTypes.ts'
import { AssetList } from '../assetPin/AssetList.tsx'

const KIND_LABEL: Record<DfdNodeShape['props']['kind'], string> = {
  'external-entity': 'External entity',
  process: 'Process',
  'data-store': 'Data store',
}

/**
 * A data-flow-diagram node. Each kind has the look DFDs use: an external entity is a plain box,
 * a process a circle-ish rounded box, a data store open at the sides. Out-of-scope nodes are
 * greyed and dashed.
 */
export class DfdNodeShapeUtil extends BaseBoxShapeUtil<DfdNodeShape> {
  static override type = 'dfd-node' as const
  static override props = dfdNodeProps as unknown as RecordProps<DfdNodeShape>

  override getDefaultProps(): DfdNodeShape['props'] {
    return { w: 160, h: 80, kind: 'process', name: 'Process', inScope: true, description: '' }
  }

  override canEdit() {
    return false
  }

  override component(shape: DfdNodeShape) {
    const { kind, name, inScope, w, h } = shape.props
    return (
      <HTMLContainer
        className={`tb-dfd tb-dfd--${kind}${inScope ? '' : ' tb-dfd--out'}`}
        style={{ width: w, height: h }}
        data-testid="dfd-node"
      >
        <span className="tb-dfd__kind">{KIND_LABEL[kind]}</span>
        <span className="tb-dfd__name">{name || KIND_LABEL[kind]}</span>
        {!inScope && <span className="tb-dfd__scope">out of scope</span>}
        <AssetList shapeId={shape.id} />
      </HTMLContainer>
    )
  }

  override getIndicatorPath(shape: DfdNodeShape) {
    const path = new Path2D()
    const r = shape.props.kind === 'process' ? Math.min(shape.props.w, shape.props.h) / 2 : 4
    path.roundRect(0, 0, shape.props.w, shape.props.h, r)
    return path
  }
}

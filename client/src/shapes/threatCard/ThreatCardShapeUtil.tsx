import { BaseBoxShapeUtil, HTMLContainer, type RecordProps } from 'tldraw'
import { STRIDE_INFO, threatCardProps } from '@threatboard/shared'
import type { ThreatCardShape } from '../boardShapeTypes.ts'
import { useCollection } from '../../model/useModel.ts'

const label = (s: string) => s.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase())

function ThreatCard({ shape }: { shape: ThreatCardShape }) {
  const threat = useCollection('threats').find((t) => t.id === shape.props.threatId)
  const info = threat ? STRIDE_INFO[threat.category] : undefined
  return (
    <HTMLContainer
      className="tb-card"
      style={{ width: shape.props.w, height: shape.props.h, borderColor: info?.color ?? '#9ca3af' }}
      data-testid="threat-card"
      data-threat-id={shape.props.threatId}
    >
      <span className="tb-card__letter" style={{ background: info?.color ?? '#9ca3af' }}>
        {info?.letter ?? '?'}
      </span>
      <div className="tb-card__body">
        <div className="tb-card__title">{threat?.title ?? 'Threat deleted'}</div>
        {threat && (
          <div className="tb-card__meta">
            <span className={`tb-sev tb-sev--${threat.severity}`} data-testid="card-severity">
              {label(threat.severity)}
            </span>{' '}
            · {label(threat.status)}
          </div>
        )}
      </div>
    </HTMLContainer>
  )
}

/**
 * A STRIDE threat card. It draws the threat it names (category colour and letter, title,
 * severity, status) from the room's model, so an edit anywhere shows on every card at once.
 */
export class ThreatCardShapeUtil extends BaseBoxShapeUtil<ThreatCardShape> {
  static override type = 'threat-card' as const
  static override props = threatCardProps as unknown as RecordProps<ThreatCardShape>

  override getDefaultProps(): ThreatCardShape['props'] {
    return { w: 200, h: 64, threatId: '' }
  }

  override canResize() {
    return false
  }

  override component(shape: ThreatCardShape) {
    return <ThreatCard shape={shape} />
  }

  override getIndicatorPath(shape: ThreatCardShape) {
    const path = new Path2D()
    path.roundRect(0, 0, shape.props.w, shape.props.h, 6)
    return path
  }
}

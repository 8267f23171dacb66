import { BaseBoxShapeUtil, HTMLContainer, type RecordProps } from 'tldraw'
import {
  SEVERITIES,
  STRIDE_INFO,
  THREAT_STATUSES,
  threatCardProps,
  writeEntity,
  type Threat,
} from '@threatboard/shared'
import type { ThreatCardShape } from '../boardShapeTypes.ts'
import { useCollection } from '../../model/useModel.ts'
import { useRoomModel } from '../../model/RoomModelContext.tsx'
import { LOCAL_MODEL_ORIGIN } from '../../model/modelUndo.ts'
import { InPlaceText } from '../common/InPlaceText.tsx'

const label = (s: string) => s.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase())
/** Controls inside a shape take their own pointer and keys, so tldraw neither drags nor acts. */
const own = {
  onPointerDown: (e: { stopPropagation(): void }) => e.stopPropagation(),
  onKeyDown: (e: { stopPropagation(): void }) => e.stopPropagation(),
}

function ThreatCard({ shape }: { shape: ThreatCardShape }) {
  const { doc, canEdit } = useRoomModel()
  const threat = useCollection('threats').find((t) => t.id === shape.props.threatId)
  const info = threat ? STRIDE_INFO[threat.category] : undefined
  const color = info?.color ?? '#98a2b3'
  const write = (next: Threat) => writeEntity(doc, 'threats', next, LOCAL_MODEL_ORIGIN)
  return (
    <HTMLContainer
      className={`tb-threat${threat ? ` tb-threat--${threat.status}` : ' tb-threat--missing'}`}
      style={{ width: shape.props.w, height: shape.props.h, borderColor: color }}
      data-testid="threat-card"
      data-threat-id={shape.props.threatId}
    >
      <span
        className="tb-threat__letter"
        style={{ background: color }}
        title={info?.label ?? 'Threat'}
      >
        {info?.letter ?? '?'}
      </span>
      <div className="tb-threat__body">
        {threat ? (
          <InPlaceText
            shapeId={shape.id}
            value={threat.title}
            label="Threat title"
            className="tb-threat__title"
            testId="card-title"
            onCommit={(title) => write({ ...threat, title })}
          />
        ) : (
          <span className="tb-threat__title">Threat deleted</span>
        )}
        {threat && (
          <div className="tb-threat__meta">
            <span className="tb-threat__category" style={{ color }}>
              {info?.label}
            </span>
            <span className={`tb-threat__badge tb-sevbadge tb-sevbadge--${threat.severity}`}>
              <span data-testid="card-severity">{label(threat.severity)}</span>
              {canEdit && (
                <select
                  {...own}
                  aria-label="Severity"
                  data-testid="card-severity-select"
                  value={threat.severity}
                  onChange={(e) =>
                    write({ ...threat, severity: e.target.value as Threat['severity'] })
                  }
                >
                  {SEVERITIES.map((s) => (
                    <option key={s} value={s}>
                      {label(s)}
                    </option>
                  ))}
                </select>
              )}
            </span>
            <span className="tb-threat__badge tb-threat__status">
              <span data-testid="card-status">{label(threat.status)}</span>
              {canEdit && (
                <select
                  {...own}
                  aria-label="Status"
                  data-testid="card-status-select"
                  value={threat.status}
                  onChange={(e) => write({ ...threat, status: e.target.value as Threat['status'] })}
                >
                  {THREAT_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {label(s)}
                    </option>
                  ))}
                </select>
              )}
            </span>
          </div>
        )}
      </div>
    </HTMLContainer>
  )
}

/**
 * A STRIDE threat card. It draws the threat it names (category colour and letter, title,
 * severity, status) from the room's model, so an edit anywhere shows on every card at once.
 * The title edits in place (double-click or Enter); severity and status are selects on the card.
 */
export class ThreatCardShapeUtil extends BaseBoxShapeUtil<ThreatCardShape> {
  static override type = 'threat-card' as const
  static override props = threatCardProps as unknown as RecordProps<ThreatCardShape>

  override getDefaultProps(): ThreatCardShape['props'] {
    return { w: 232, h: 64, threatId: '' }
  }

  override canResize() {
    return false
  }

  override canEdit() {
    return true
  }

  /** Cards hang from things; flows never attach to a card. */
  override canBind({ bindingType }: { bindingType: string }) {
    return bindingType !== 'arrow'
  }

  override component(shape: ThreatCardShape) {
    return <ThreatCard shape={shape} />
  }

  override getIndicatorPath(shape: ThreatCardShape) {
    const path = new Path2D()
    path.roundRect(0, 0, shape.props.w, shape.props.h, 8)
    return path
  }
}

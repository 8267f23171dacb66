import { BaseBoxShapeUtil, HTMLContainer, useEditor, useValue, type RecordProps } from 'tldraw'
import { STRIDE_INFO, threatCardProps, writeEntity } from '@threatboard/shared'
import type { ThreatCardShape } from '../boardShapeTypes.ts'
import { useCollection } from '../../model/useModel.ts'
import { useRoomModel } from '../../model/RoomModelContext.tsx'
import { LOCAL_MODEL_ORIGIN } from '../../model/modelUndo.ts'

const label = (s: string) => s.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase())

function ThreatCard({ shape }: { shape: ThreatCardShape }) {
  const editor = useEditor()
  const { doc, canEdit } = useRoomModel()
  const threat = useCollection('threats').find((t) => t.id === shape.props.threatId)
  const info = threat ? STRIDE_INFO[threat.category] : undefined
  const editing = useValue('editing card', () => editor.getEditingShapeId() === shape.id, [
    editor,
    shape.id,
  ])
  const commit = (title: string) => {
    const next = title.trim()
    if (threat && canEdit && next && next !== threat.title) {
      writeEntity(doc, 'threats', { ...threat, title: next.slice(0, 200) }, LOCAL_MODEL_ORIGIN)
    }
    editor.setEditingShape(null)
  }
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
        {editing && threat && canEdit ? (
          <input
            className="tb-card__input"
            aria-label="Threat title"
            data-testid="card-title-input"
            defaultValue={threat.title}
            maxLength={200}
            autoFocus
            onPointerDown={(e) => e.stopPropagation()}
            onKeyDown={(e) => {
              e.stopPropagation()
              if (e.key === 'Enter') commit(e.currentTarget.value)
              if (e.key === 'Escape') editor.setEditingShape(null)
            }}
            onBlur={(e) => commit(e.currentTarget.value)}
          />
        ) : (
          <div className="tb-card__title">{threat?.title ?? 'Threat deleted'}</div>
        )}
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

  /** Double-click (or Enter) edits the title in place. */
  override canEdit() {
    return true
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

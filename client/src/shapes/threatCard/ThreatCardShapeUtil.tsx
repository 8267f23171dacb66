import {
  BaseBoxShapeUtil,
  HTMLContainer,
  useEditor,
  useValue,
  type Editor,
  type RecordProps,
} from 'tldraw'
import {
  CARD,
  readCollection,
  SEVERITIES,
  STRIDE_INFO,
  THREAT_STATUSES,
  threatCardProps,
  writeEntity,
  type Threat,
} from '@threatboard/shared'
import type { ThreatCardShape } from '../boardShapeTypes.ts'
import { LOCAL_MODEL_ORIGIN } from '../../model/modelUndo.ts'
import { InPlaceText } from '../common/InPlaceText.tsx'
import { shapeModelOf, useDocEntity, useShapeModel } from '../common/shapeModel.ts'
import { SvgLines, textWidth, wrapText } from '../common/svgText.tsx'

const label = (s: string) => s.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase())
/** Controls inside a shape take their own pointer and keys, so tldraw neither drags nor acts. */
const own = {
  onPointerDown: (e: { stopPropagation(): void }) => e.stopPropagation(),
  onKeyDown: (e: { stopPropagation(): void }) => e.stopPropagation(),
}

const MISSING_COLOR = '#98a2b3'

function ThreatCard({ shape }: { shape: ThreatCardShape }) {
  const editor = useEditor()
  const model = useShapeModel()
  const canEdit = model?.canEdit ?? false
  const threat = useDocEntity(model?.doc, 'threats', shape.props.threatId)
  // A selected card shows its whole title, over whatever lies below it.
  const selected = useValue(
    'card selected',
    () => editor.getSelectedShapeIds().includes(shape.id),
    [editor, shape.id],
  )
  const info = threat ? STRIDE_INFO[threat.category] : undefined
  const color = info?.color ?? MISSING_COLOR
  const write = (next: Threat) => {
    if (model) writeEntity(model.doc, 'threats', next, LOCAL_MODEL_ORIGIN)
  }
  return (
    <HTMLContainer
      className={`tb-threat${threat ? ` tb-threat--${threat.status}` : ' tb-threat--missing'}${selected ? ' tb-threat--selected' : ''}`}
      style={{ width: shape.props.w, minHeight: shape.props.h, borderColor: color }}
      data-testid="threat-card"
      data-threat-id={shape.props.threatId}
      title={threat ? `${info?.label}: ${threat.title}` : undefined}
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
          <span className="tb-threat__title">{model ? 'Threat deleted' : 'Threat'}</span>
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
    return { w: CARD.w, h: CARD.h, threatId: '' }
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

  override getText(shape: ThreatCardShape) {
    return threatOf(this.editor, shape)?.title
  }

  override toSvg(shape: ThreatCardShape) {
    return <ThreatCardSvg shape={shape} threat={threatOf(this.editor, shape)} />
  }

  override getIndicatorPath(shape: ThreatCardShape) {
    const path = new Path2D()
    path.roundRect(0, 0, shape.props.w, shape.props.h, 8)
    return path
  }
}

function threatOf(editor: Editor, shape: ThreatCardShape): Threat | undefined {
  const model = shapeModelOf(editor)
  if (!model) return undefined
  return readCollection(model.doc, 'threats').find((t) => t.id === shape.props.threatId)
}

const SEVERITY_COLORS: Record<Threat['severity'], { bg: string; ink: string }> = {
  critical: { bg: '#912018', ink: '#ffffff' },
  high: { bg: '#fee4e2', ink: '#b42318' },
  medium: { bg: '#fef0c7', ink: '#93370d' },
  low: { bg: '#dcfae6', ink: '#085d3a' },
}

/** The card as plain SVG (exports, reports): letter, whole title (wrapped), category, badges. */
function ThreatCardSvg({ shape, threat }: { shape: ThreatCardShape; threat: Threat | undefined }) {
  const { w } = shape.props
  const info = threat ? STRIDE_INFO[threat.category] : undefined
  const color = info?.color ?? MISSING_COLOR
  const title = wrapText(threat?.title ?? 'Threat', {
    px: 12.5,
    weight: 650,
    maxWidth: w - 54,
    maxLines: 4,
  })
  const h = Math.max(shape.props.h, 14 + title.length * 15.6 + 22)
  const sev = threat ? SEVERITY_COLORS[threat.severity] : undefined
  const sevText = threat ? label(threat.severity) : ''
  const statusText = threat ? label(threat.status) : ''
  const sevW = textWidth(sevText, 10.5, 650) + 12
  const statusW = textWidth(statusText, 10.5, 650) + 12
  // The category's name in what the two pills leave of the row.
  const category = wrapText(info?.label ?? '', {
    px: 10.5,
    weight: 600,
    maxWidth: w - 54 - sevW - statusW - 12,
    maxLines: 1,
  })
  return (
    <g opacity={threat && ['mitigated', 'not-applicable'].includes(threat.status) ? 0.7 : 1}>
      <rect x={0.5} y={0.5} width={w - 1} height={h - 1} rx={8} fill="#fff" stroke={color} />
      <rect x={0} y={0} width={5} height={h} rx={2} fill={color} />
      <rect x={12} y={7} width={26} height={26} rx={6} fill={color} />
      <SvgLines
        lines={[info?.letter ?? '?']}
        x={25}
        y={25}
        px={14}
        weight={800}
        fill="#fff"
        anchor="middle"
      />
      <SvgLines
        lines={title}
        x={46}
        y={19}
        px={12.5}
        weight={650}
        lineHeight={1.25}
        fill="#101828"
      />
      {threat && (
        <g transform={`translate(46 ${h - 20})`}>
          <SvgLines lines={category} x={0} y={10} px={10.5} weight={600} fill={color} />
          <rect
            x={w - 54 - sevW - statusW - 6}
            y={-1}
            width={sevW}
            height={15}
            rx={7.5}
            fill={sev!.bg}
          />
          <SvgLines
            lines={[sevText]}
            x={w - 54 - statusW - 6 - sevW / 2}
            y={10}
            px={10.5}
            weight={650}
            fill={sev!.ink}
            anchor="middle"
          />
          <rect x={w - 54 - statusW} y={-1} width={statusW} height={15} rx={7.5} fill="#f2f4f7" />
          <SvgLines
            lines={[statusText]}
            x={w - 54 - statusW / 2}
            y={10}
            px={10.5}
            weight={650}
            fill="#344054"
            anchor="middle"
          />
        </g>
      )}
    </g>
  )
}

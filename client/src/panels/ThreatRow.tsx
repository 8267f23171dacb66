import { memo, useEffect, useRef } from 'react'
import type { TLShapeId } from 'tldraw'
import {
  LEVELS,
  SEVERITIES,
  severityFromRisk,
  STRIDE_INFO,
  THREAT_STATUSES,
  type Threat,
} from '@threatboard/shared'
import { useRoomModel } from '../model/RoomModelContext.tsx'
import type {} from '../shapes/boardShapeTypes.ts'
import { placeThreatCard } from '../shapes/threatCard/createThreatCard.ts'
import { EnumSelect, label } from './EnumSelect.tsx'
import { TextField } from './TextField.tsx'
import { TopThreatToggle } from './TopThreatToggle.tsx'
import { threatCardOf } from '../shapes/common/everyShape.ts'
import { showShape } from '../shapes/common/showShape.ts'
import { useConfirm } from '../ui/ConfirmDialog.tsx'
import { formatWhen } from '../ui/formatWhen.ts'

/**
 * One threat of the list: its STRIDE letter and title (jumps to its card), flags for what it
 * lacks, its severity, likelihood, impact and status (each select named after the threat, so
 * a screen reader or Tab order says which threat it changes), and its details.
 */
function ThreatRowView({
  threat,
  answered,
  unattached,
  cardTarget,
  focusSeverity,
  onSeverityFocused,
  selected,
  goesWithIt,
  detailsOpen,
  onDetailsToggle,
  onChange,
  onDelete,
}: {
  threat: Threat
  answered: boolean
  unattached: boolean
  /** Set when the threat has no card on the board but a target that could carry one. */
  cardTarget: string | undefined
  /** Moves focus to the severity select once (just after the threat was added by keyboard). */
  focusSeverity?: boolean
  /** Called once it has: the row drawn again (a redo brings it back) leaves the focus be. */
  onSeverityFocused?: () => void
  /** Its card is selected on the board. */
  selected?: boolean
  /** The recommendations deleting it would delete too (they answer no other threat). */
  goesWithIt: string[]
  /**
   * Writes some fields of the threat over what is stored now (the same function every render,
   * so that a row can be skipped); `t` is the threat as this row last showed it.
   */
  onChange: (t: Threat, patch: Partial<Threat>) => void
  /** Deletes the threat with what goes with it (the same function every render). */
  onDelete: (t: Threat) => void
  /**
   * Its details are open: kept by the list, so that a row a filter hid and shows again, or one
   * drawn again, opens as it was left.
   */
  detailsOpen: boolean
  /** Called when its details are opened or closed (the same function every render). */
  onDetailsToggle: (id: string, open: boolean) => void
}) {
  const { canEdit, editor } = useRoomModel()
  const [confirm, confirmDialog] = useConfirm()
  const askToDelete = async () => {
    const quoted = goesWithIt.map((text) => `“${text}”`).join(', ')
    const also =
      goesWithIt.length === 0
        ? ''
        : goesWithIt.length === 1
          ? ` The recommendation ${quoted} answers only this threat and goes with it.`
          : ` The recommendations ${quoted} answer only this threat and go with it.`
    const yes = await confirm({
      title: `Delete “${threat.title}”?`,
      body: `It goes from the threat list, the board and the reports, for everyone.${also} To keep it on record as no risk here, set its status to Not applicable instead.`,
      confirm: 'Delete threat',
    })
    if (yes) onDelete(threat)
  }
  const severityRef = useRef<HTMLSelectElement>(null)
  const rowRef = useRef<HTMLLIElement>(null)
  useEffect(() => {
    if (!focusSeverity) return
    severityRef.current?.focus()
    onSeverityFocused?.()
  }, [focusSeverity, onSeverityFocused])
  useEffect(() => {
    if (selected && rowRef.current) bringIntoViewIfListShowing(rowRef.current)
  }, [selected])
  const of = (what: string) => `${what} of “${threat.title}”`
  const info = STRIDE_INFO[threat.category]
  const fromRisk = severityFromRisk(threat.likelihood, threat.impact)
  // On whichever page it is: the list holds the threats of every page.
  const card = () => (editor ? threatCardOf(editor, threat.id) : undefined)
  return (
    <li
      ref={rowRef}
      data-testid="threat-row"
      data-threat-id={threat.id}
      className={selected ? 'tb-threat-row--selected' : undefined}
      aria-current={selected ? 'true' : undefined}
    >
      <span
        className="tb-stride__letter tb-stride__letter--small"
        style={{ background: info.color }}
      >
        {info.letter}
      </span>
      <button
        type="button"
        className="tb-link"
        onClick={() => {
          const shape = card()
          if (shape && editor) showShape(editor, shape)
        }}
      >
        {threat.title}
      </button>{' '}
      <TopThreatToggle threatId={threat.id} title={threat.title} />
      {!answered && threat.status === 'open' && (
        <span className="tb-flag"> · no recommendation</span>
      )}
      {unattached && (
        <span className="tb-flag" data-testid="unattached">
          {' '}
          · unattached (its element was deleted)
        </span>
      )}
      {cardTarget && (
        <span className="tb-flag" data-testid="no-card">
          {' '}
          · no card on the board{' '}
          {canEdit && editor && (
            <button
              type="button"
              data-testid="place-card"
              onClick={() => placeThreatCard(editor, threat.id, cardTarget as TLShapeId)}
            >
              Put one back
            </button>
          )}
        </span>
      )}
      <div className="tb-row">
        <EnumSelect
          label={of('Severity')}
          testId="threat-severity"
          ref={severityRef}
          disabled={!canEdit}
          value={threat.severity}
          options={SEVERITIES}
          onChange={(severity) => onChange(threat, { severity })}
        />
        <EnumSelect
          label={of('Status')}
          testId="threat-status"
          disabled={!canEdit}
          value={threat.status}
          options={THREAT_STATUSES}
          onChange={(status) => onChange(threat, { status })}
        />
      </div>
      <div className="tb-row">
        <EnumSelect
          label={of('Likelihood')}
          testId="threat-likelihood"
          disabled={!canEdit}
          value={threat.likelihood ?? ''}
          options={['', ...LEVELS]}
          optionText={(l) => (l ? `${label(l)} likelihood` : 'Likelihood?')}
          onChange={(l) => onChange(threat, { likelihood: l || undefined })}
        />
        <EnumSelect
          label={of('Impact')}
          testId="threat-impact"
          disabled={!canEdit}
          value={threat.impact ?? ''}
          options={['', ...LEVELS]}
          optionText={(l) => (l ? `${label(l)} impact` : 'Impact?')}
          onChange={(i) => onChange(threat, { impact: i || undefined })}
        />
      </div>
      {fromRisk && fromRisk !== threat.severity && (
        <p className="tb-muted tb-risk-hint" data-testid="severity-from-risk">
          {label(threat.likelihood!)} likelihood × {label(threat.impact!).toLowerCase()} impact
          gives <strong>{label(fromRisk)}</strong> severity{' '}
          {canEdit && (
            <button
              type="button"
              className="tb-link"
              aria-label={`Use it: set the severity of “${threat.title}” to ${label(fromRisk)}`}
              onClick={() => onChange(threat, { severity: fromRisk })}
            >
              Use it
            </button>
          )}
        </p>
      )}
      <details
        className="tb-details"
        open={detailsOpen}
        onToggle={(e) => {
          if (e.currentTarget.open !== detailsOpen) onDetailsToggle(threat.id, e.currentTarget.open)
        }}
      >
        <summary data-testid="threat-details">
          Details{threat.description || threat.mitigation ? '' : ' (none yet)'}
        </summary>
        <TextField
          label="Title"
          value={threat.title}
          maxLength={200}
          disabled={!canEdit}
          testId="threat-title"
          validate={(title) => (title.trim() ? null : 'A threat needs a title.')}
          onSave={(title) => onChange(threat, { title: title.trim() })}
        />
        <TextField
          label="Description"
          multiline
          value={threat.description}
          maxLength={5000}
          disabled={!canEdit}
          testId="threat-description"
          placeholder="How would an attacker do this, and what would it cost us?"
          onSave={(description) => onChange(threat, { description })}
        />
        <TextField
          label="Mitigation"
          multiline
          value={threat.mitigation}
          maxLength={5000}
          disabled={!canEdit}
          testId="threat-mitigation"
          placeholder="What prevents or limits it (in place or planned)?"
          onSave={(mitigation) => onChange(threat, { mitigation })}
        />
        <p className="tb-muted">
          Added by {threat.author || 'someone'} · {formatWhen(threat.createdAt)}
        </p>
        {canEdit && (
          <button type="button" data-testid="threat-delete" onClick={() => void askToDelete()}>
            Delete threat
          </button>
        )}
        {confirmDialog}
      </details>
    </li>
  )
}

/**
 * Scrolls the side panel just enough to show a row whose card was selected, when the person is
 * looking at the list it is in; someone reading another section is not moved.
 */
function bringIntoViewIfListShowing(row: HTMLElement) {
  const list = row.parentElement
  const panel = row.closest('.tb-security')
  if (!list || !panel) return
  const shown = panel.getBoundingClientRect()
  const at = list.getBoundingClientRect()
  if (at.bottom > shown.top && at.top < shown.bottom) row.scrollIntoView({ block: 'nearest' })
}

type ThreatRowProps = Parameters<typeof ThreatRowView>[0]

/**
 * A row renders again only when what it shows changed: the list re-renders on every edit of
 * any threat, and re-rendering its 600 rows (each with four selects) was most of what another
 * person's edit cost on a big board (bench/RESULTS.md). The threat keeps its object while it
 * is unchanged (collectionSource); the list of what goes with it is compared by its texts.
 */
export const ThreatRow = memo(
  ThreatRowView,
  (a: ThreatRowProps, b: ThreatRowProps) =>
    (Object.keys(a) as (keyof ThreatRowProps)[]).every(
      (key) => key === 'goesWithIt' || a[key] === b[key],
    ) &&
    Object.keys(a).length === Object.keys(b).length &&
    a.goesWithIt.length === b.goesWithIt.length &&
    a.goesWithIt.every((text, i) => text === b.goesWithIt[i]),
)

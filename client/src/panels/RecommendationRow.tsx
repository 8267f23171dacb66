import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { useConfirm } from '../ui/ConfirmDialog.tsx'
import {
  PRIORITIES,
  PRIORITY_MEANING,
  RECOMMENDATION_STATUSES,
  parseTicketInput,
  ticketHref,
  type Recommendation,
  type RecommendationStatus,
  type Threat,
} from '@threatboard/shared'
import { EnumSelect, label } from './EnumSelect.tsx'
import { TextField } from './TextField.tsx'
import { useUnsavedWork } from '../ui/unsavedWork.ts'

/**
 * One recommendation: what to do, its priority and what that priority means, its status, and
 * the threats it answers. Editors open its details to change the text, owner, ticket, the
 * threats it answers, or to record an exception (who approved not doing it, and why).
 */
export function RecommendationRow(props: {
  rec: Recommendation
  threats: Threat[]
  canEdit: boolean
  /** The room's pattern that turns ticket keys into links. */
  ticketUrlTemplate: string | undefined
  /** Writes some fields of the recommendation over what is stored now. */
  onChange: (patch: Partial<Recommendation>) => void
  onDelete: () => void
  /**
   * Called when the row goes (a teammate deleted the recommendation) with an exception half
   * written in its form: what was typed, as one text, for the panel to keep for its writer.
   */
  onExceptionDraftLeft?: (text: string) => void
}) {
  const { rec: r, threats, canEdit, onChange } = props
  const ticket = r.ticketUrl ?? r.ticketKey
  const href = ticketHref(r, props.ticketUrlTemplate)
  const [askingException, setAskingException] = useState(false)
  const [confirm, confirmDialog] = useConfirm()
  const [approvedBy, setApprovedBy] = useState('')
  const [reason, setReason] = useState('')
  useUnsavedWork(
    'the exception you were writing',
    askingException ? exceptionText(approvedBy, reason) : '',
  )
  // Read when the row goes, which no render sees.
  const exceptionDraft = useRef({ text: '', leave: props.onExceptionDraftLeft })
  useLayoutEffect(() => {
    exceptionDraft.current = {
      text: askingException ? exceptionText(approvedBy, reason) : '',
      leave: props.onExceptionDraftLeft,
    }
  })
  useEffect(
    () => () => {
      const { text, leave } = exceptionDraft.current
      if (text) leave?.(text)
    },
    [],
  )
  const statusSelect = useRef<HTMLSelectElement>(null)
  // The form goes when the exception is recorded or left, its focused control with it: the
  // keyboard goes back to the status it was asked from.
  const closeException = () => {
    statusSelect.current?.focus()
    setAskingException(false)
  }
  const setStatus = (status: RecommendationStatus) => {
    if (status === 'exception' && !r.exception) {
      setAskingException(true)
      return
    }
    setAskingException(false)
    onChange({ status })
  }
  const toggleThreat = (id: string, on: boolean) => {
    const threatIds = on ? [...r.threatIds, id] : r.threatIds.filter((t) => t !== id)
    onChange({ threatIds })
  }
  return (
    <li data-testid="recommendation">
      {confirmDialog}
      <div data-testid="rec-summary">
        <span className={`tb-prio tb-prio--${r.priority}`}>{label(r.priority)}</span>{' '}
        <strong>{r.text}</strong> · <span data-testid="rec-status">{label(r.status)}</span>
        {r.owner && <> · {r.owner}</>}
        {ticket && (
          <>
            {' · '}
            {href ? (
              <a
                href={href}
                target="_blank"
                rel="noreferrer noopener"
                data-testid="rec-ticket-link"
              >
                {r.ticketKey ?? 'ticket'}
              </a>
            ) : (
              <span className="tb-ticket" data-testid="rec-ticket-key">
                {r.ticketKey}
              </span>
            )}
          </>
        )}
        <div className="tb-muted">{PRIORITY_MEANING[r.priority]}</div>
        <div className="tb-muted">
          Answers:{' '}
          {r.threatIds
            .map((id) => threats.find((t) => t.id === id)?.title ?? '(deleted threat)')
            .join('; ')}
        </div>
        {r.exception && (
          <div className="tb-muted" data-testid="rec-exception">
            Exception approved by {r.exception.approvedBy}: {r.exception.reason}
          </div>
        )}
      </div>
      <div className="tb-row">
        <EnumSelect
          label={`Priority of “${r.text}”`}
          disabled={!canEdit}
          value={r.priority}
          options={PRIORITIES}
          onChange={(priority) => onChange({ priority })}
        />
        <EnumSelect
          ref={statusSelect}
          label={`Status of “${r.text}”`}
          testId="rec-status-select"
          disabled={!canEdit}
          value={askingException ? 'exception' : r.status}
          options={RECOMMENDATION_STATUSES}
          onChange={setStatus}
        />
      </div>
      {askingException && (
        <form
          className="tb-form"
          data-testid="exception-form"
          onSubmit={(e) => {
            e.preventDefault()
            onChange({
              status: 'exception',
              exception: { approvedBy: approvedBy.trim(), reason: reason.trim() },
            })
            closeException()
          }}
          onKeyDown={(e) => {
            // Kept from the board's shortcuts; Escape leaves the exception unrecorded.
            e.stopPropagation()
            if (e.key === 'Escape') closeException()
          }}
        >
          <p className="tb-muted">An exception says who approved not doing this, and why.</p>
          <input
            aria-label="Approved by"
            data-testid="exception-approver"
            placeholder="Approved by"
            value={approvedBy}
            maxLength={200}
            onChange={(e) => setApprovedBy(e.target.value)}
          />
          <textarea
            aria-label="Reason"
            data-testid="exception-reason"
            placeholder="Why it is acceptable not to do it"
            value={reason}
            maxLength={2000}
            onChange={(e) => setReason(e.target.value)}
          />
          <div className="tb-row">
            <button
              type="submit"
              data-testid="exception-save"
              disabled={!approvedBy.trim() || !reason.trim()}
            >
              Record exception
            </button>
            <button type="button" onClick={closeException}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <details className="tb-details">
        <summary data-testid="rec-details">Details</summary>
        <TextField
          label="What should be done"
          multiline
          value={r.text}
          maxLength={2000}
          disabled={!canEdit}
          validate={(text) => (text.trim() ? null : 'Say what should be done.')}
          onSave={(text) => onChange({ text: text.trim() })}
        />
        <TextField
          label="Owner"
          value={r.owner}
          maxLength={200}
          disabled={!canEdit}
          testId="rec-owner"
          onSave={(owner) => onChange({ owner: owner.trim() })}
        />
        <TextField
          label="Ticket (key like BILL-104, or a link)"
          value={ticket ?? ''}
          maxLength={2000}
          disabled={!canEdit}
          testId="rec-ticket"
          placeholder="BILL-104"
          validate={(text) => {
            const parsed = parseTicketInput(text)
            return parsed.ok ? null : parsed.message
          }}
          onSave={(text) => {
            const parsed = parseTicketInput(text)
            if (parsed.ok) onChange({ ticketUrl: parsed.ticketUrl, ticketKey: parsed.ticketKey })
          }}
        />
        <fieldset className="tb-threat-picks">
          <legend>Answers these threats</legend>
          {threats.map((t) => (
            <label key={t.id} className="tb-check">
              <input
                type="checkbox"
                disabled={!canEdit}
                checked={r.threatIds.includes(t.id)}
                onChange={(e) => toggleThreat(t.id, e.target.checked)}
              />{' '}
              {t.title}
            </label>
          ))}
        </fieldset>
        {canEdit && (
          <button
            type="button"
            data-testid="rec-delete"
            onClick={async () => {
              const yes = await confirm({
                title: 'Delete this recommendation?',
                body: `“${r.text}”`,
                confirm: 'Delete recommendation',
              })
              if (yes) props.onDelete()
            }}
          >
            Delete recommendation
          </button>
        )}
      </details>
    </li>
  )
}

/** An exception's two fields as one text, or '' when neither holds anything. */
function exceptionText(approvedBy: string, reason: string): string {
  if (!approvedBy.trim() && !reason.trim()) return ''
  return `Approved by: ${approvedBy.trim()}\nReason: ${reason.trim()}`
}

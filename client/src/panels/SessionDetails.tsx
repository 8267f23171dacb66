import {
  parseTicketInput,
  SessionSchema,
  TEAM_PHASES,
  ticketHref,
  TicketUrlTemplateSchema,
  type Session,
} from '@threatboard/shared'
import { EnumSelect } from './EnumSelect.tsx'
import { errorText } from './errorText.ts'
import { TextField } from './TextField.tsx'

/** The first problem the session schema finds with `patch`, in words (null when it is fine). */
function sessionProblem(session: Session, patch: Partial<Session>): string | null {
  const result = SessionSchema.safeParse({ ...session, ...patch })
  return result.success ? null : errorText(result.error)
}

/**
 * The session's framing beyond scope and goals: how far the team is in its security practice
 * (the phase), what the change is, who it affects, what new data it brings, the security
 * ticket, and the room's pattern that turns ticket keys into links.
 */
export function SessionDetails(props: {
  session: Session
  canEdit: boolean
  save: (patch: Partial<Session>) => void
}) {
  const { session, canEdit, save } = props
  const ticket = session.ticketUrl ?? session.ticketKey ?? ''
  const href = ticketHref(session, session.ticketUrlTemplate)
  return (
    <details className="tb-details" data-testid="session-details">
      <summary>About this change: phase, description, people, data, tickets</summary>
      <label className="tb-field">
        Phase of the team
        <EnumSelect
          label="Phase of the team"
          testId="session-phase"
          disabled={!canEdit}
          value={session.phase}
          options={TEAM_PHASES}
          onChange={(phase) => save({ phase })}
        />
      </label>
      <TextField
        label="What is changing"
        multiline
        value={session.description}
        maxLength={5000}
        disabled={!canEdit}
        testId="session-description"
        placeholder="e.g. customers can pay invoices by card"
        onSave={(description) => save({ description })}
      />
      <TextField
        label="People affected"
        multiline
        value={session.peopleAffected}
        maxLength={2000}
        disabled={!canEdit}
        testId="session-peopleAffected"
        placeholder="Who uses it, who runs it, whose data it holds"
        onSave={(peopleAffected) => save({ peopleAffected })}
      />
      <TextField
        label="New data"
        multiline
        value={session.newData}
        maxLength={2000}
        disabled={!canEdit}
        testId="session-newData"
        placeholder="Data the change collects, stores or sends for the first time"
        onSave={(newData) => save({ newData })}
      />
      <TextField
        label="Security ticket (key like SEC-12, or a link)"
        value={ticket}
        maxLength={2000}
        disabled={!canEdit}
        testId="session-ticket"
        validate={(text) => {
          const parsed = parseTicketInput(text)
          return parsed.ok ? null : parsed.message
        }}
        onSave={(text) => {
          const parsed = parseTicketInput(text)
          if (parsed.ok) save({ ticketUrl: parsed.ticketUrl, ticketKey: parsed.ticketKey })
        }}
      />
      {href && (
        <p className="tb-muted">
          Opens{' '}
          <a
            href={href}
            target="_blank"
            rel="noreferrer noopener"
            data-testid="session-ticket-link"
          >
            {session.ticketKey ?? href}
          </a>
        </p>
      )}
      <TextField
        label="Ticket link pattern (turns keys into links)"
        value={session.ticketUrlTemplate ?? ''}
        maxLength={2000}
        disabled={!canEdit}
        testId="session-ticketUrlTemplate"
        placeholder="https://tracker.example/browse/{key}"
        validate={(text) => {
          if (!text.trim()) return null
          const parsed = TicketUrlTemplateSchema.safeParse(text)
          return parsed.success
            ? sessionProblem(session, { ticketUrlTemplate: parsed.data })
            : (parsed.error.issues[0]?.message ?? 'Not a valid pattern.')
        }}
        onSave={(text) => save({ ticketUrlTemplate: text.trim() || undefined })}
      />
    </details>
  )
}

import { useRef, useState } from 'react'
import { sectionId } from './PanelNav.tsx'
import { TextField } from './TextField.tsx'
import { timeboxText, useTimeboxLeft } from './timebox.tsx'
import { everyShape, readBesidesPlaces } from '../shapes/common/everyShape.ts'
import { SessionDetails } from './SessionDetails.tsx'
import { errorText } from './errorText.ts'
import { useValue, type Editor, type TLShape } from 'tldraw'
import {
  SESSION_SIZE_INFO,
  SESSION_SIZES,
  summarizeCoverage,
  MAX_PARTICIPANTS,
  ParticipantSchema,
  writeSession,
  type Session,
  type SessionSize,
} from '@threatboard/shared'
import { useRoomModel } from '../model/RoomModelContext.tsx'
import { useCollection, useSession } from '../model/useModel.ts'
import { parseParticipants, sessionSteps } from './sessionProgress.ts'
import { LOCAL_MODEL_ORIGIN } from '../model/modelUndo.ts'
import { useCoverage } from '../guidance/useGuidance.ts'
import { usePeople } from '../board/usePeople.ts'
import { peopleNotListed } from './peopleHere.ts'

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)

/** "Olga, Eddie, Sam" or, for more than four, "Olga, Eddie, Sam and 5 more". */
const namesInShort = (names: string[]) =>
  names.length <= 4
    ? names.join(', ')
    : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`

/** The first participant line the schema refuses, as "Line 2: …" (null when all are fine). */
function participantsProblem(text: string): string | null {
  const people = parseParticipants(text)
  if (people.length > MAX_PARTICIPANTS) return `At most ${MAX_PARTICIPANTS} participants.`
  for (const [i, person] of people.entries()) {
    const result = ParticipantSchema.safeParse(person)
    if (!result.success) return `Line ${i + 1}: ${result.error.issues[0]?.message ?? 'invalid'}`
  }
  return null
}

/** How many shapes of a type the board has, on every page (a move leaves it the same). */
const countShapes = (editor: Editor | null, type: TLShape['type']) =>
  editor
    ? readBesidesPlaces(editor, () => everyShape(editor).filter((s) => s.type === type).length)
    : 0

/**
 * The session's frame: scope, goals, people, size and timer, the "last thing you want to
 * happen" prompt, and the checklist of the session's steps with progress from the model.
 */
export function SessionPanel() {
  const { doc, canEdit, editor, awareness, role } = useRoomModel()
  const session = useSession()
  const assets = useCollection('assets')
  const threats = useCollection('threats')
  const recommendations = useCollection('recommendations')
  // Every page: an imported model with several diagrams is one model.
  // Two numbers, not an object made on every read: the panel re-renders when one changes.
  const elements = useValue('DFD elements', () => countShapes(editor, 'dfd-node'), [editor])
  const flows = useValue('DFD flows', () => countShapes(editor, 'arrow'), [editor])
  const diagram = { elements, flows }
  const coverage = useCoverage(editor)
  const left = useTimeboxLeft(session)
  const here = peopleNotListed(usePeople(awareness), session.participants, role)
  const [error, setError] = useState<string | null>(null)
  const participantsField = useRef<HTMLInputElement & HTMLTextAreaElement>(null)
  const save = (patch: Partial<Session>) => {
    setError(null)
    try {
      writeSession(doc, patch, LOCAL_MODEL_ORIGIN)
    } catch (err) {
      setError(`Not saved: ${errorText(err)}`)
    }
  }
  const field = (key: 'inScope' | 'outOfScope' | 'goals', title: string) => (
    <TextField
      label={
        <>
          {title} <span className="tb-muted">(one per line)</span>
        </>
      }
      multiline
      value={session[key].join('\n')}
      disabled={!canEdit}
      testId={`session-${key}`}
      onSave={(text) => save({ [key]: lines(text) })}
    />
  )
  const steps = sessionSteps({
    session,
    diagram,
    assetCount: assets.length,
    threats,
    recommendations,
    coverage: summarizeCoverage(coverage),
  })

  return (
    <section className="tb-model" data-testid="session-panel">
      <h2 id={sectionId('session')} tabIndex={-1}>
        Session
      </h2>
      <ol className="tb-steps" data-testid="session-steps">
        {steps.map((s) => (
          <li key={s.key} className={s.done ? 'tb-step--done' : ''}>
            {s.done ? '✓' : '○'} <strong>{s.label}</strong>{' '}
            <span className="tb-muted">{s.detail}</span>
          </li>
        ))}
      </ol>
      <div className="tb-row">
        <select
          className="tb-row__whole"
          aria-label="Session size"
          data-testid="session-size"
          disabled={!canEdit}
          value={session.size}
          onChange={(e) => {
            const size = e.target.value as SessionSize
            save({ size, timeboxMinutes: SESSION_SIZE_INFO[size].minutes })
          }}
        >
          {SESSION_SIZES.map((s) => (
            <option key={s} value={s}>
              {s[0]!.toUpperCase() + s.slice(1)} · {SESSION_SIZE_INFO[s].minutes} min ·{' '}
              {SESSION_SIZE_INFO[s].output}
            </option>
          ))}
        </select>
        {canEdit && (
          <button
            type="button"
            onClick={() => save({ startedAt: session.startedAt ? undefined : Date.now() })}
          >
            {session.startedAt ? 'Stop timer' : 'Start timer'}
          </button>
        )}
        {left !== null && <span data-testid="session-timer">{timeboxText(left)}</span>}
      </div>
      <TextField
        label="What is the last thing you want to happen?"
        multiline
        value={session.lastThing}
        disabled={!canEdit}
        placeholder="e.g. a stranger orders on another customer’s saved card"
        onSave={(text) => save({ lastThing: text.trim() })}
      />
      {field('inScope', 'In scope')}
      {field('outOfScope', 'Out of scope')}
      {field('goals', 'Goals')}
      <TextField
        label={
          <>
            Participants <span className="tb-muted">(one per line: name, role)</span>
          </>
        }
        multiline
        value={session.participants.map((p) => `${p.name}, ${p.role}`).join('\n')}
        disabled={!canEdit}
        testId="session-participants"
        placeholder={`Ada, facilitator\nSam, security-observer`}
        validate={participantsProblem}
        onSave={(text) => save({ participants: parseParticipants(text) })}
        inputRef={participantsField}
      />
      {canEdit && here.length > 0 && (
        <button
          type="button"
          data-testid="add-people-here"
          onClick={() => {
            save({ participants: [...session.participants, ...here] })
            // The button goes once everyone is listed: the list they were added to has the keyboard.
            participantsField.current?.focus()
          }}
        >
          Add the people here: {namesInShort(here.map((p) => p.name))}
        </button>
      )}
      <SessionDetails session={session} canEdit={canEdit} save={save} />
      {error && (
        <p className="tb-error" role="alert" data-testid="session-error">
          {error}
        </p>
      )}
    </section>
  )
}

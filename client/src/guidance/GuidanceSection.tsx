import './guidance.css'
import { useState } from 'react'
import { useValue } from 'tldraw'
import {
  coverageLine,
  STRIDE_INFO,
  summarizeCoverage,
  writeSession,
  type Suggestion,
} from '@threatboard/shared'
import { useRoomModel } from '../model/RoomModelContext.tsx'
import { useSession } from '../model/useModel.ts'
import { LOCAL_MODEL_ORIGIN } from '../model/modelUndo.ts'
import { useSaveGuard } from '../panels/useSaveGuard.ts'
import { useKeepFocusInList } from '../ui/useKeepFocusInList.ts'
import { sectionId } from '../panels/PanelNav.tsx'
import { acceptSuggestion, dismissSuggestion } from './acceptSuggestion.ts'
import { CoverageList } from './CoverageList.tsx'
import { ElementProperties } from './ElementProperties.tsx'
import { useGuidance } from './useGuidance.ts'

/**
 * Guidance from the diagram (issue 14): the selected element's security properties, the
 * "What might we have missed?" suggestions (hidden until someone asks, or the facilitator
 * shows them to the whole session), and how far each element's STRIDE categories have been
 * considered.
 */
export function GuidanceSection() {
  const model = useRoomModel()
  const { editor, doc, canEdit } = model
  const session = useSession()
  const { suggestions, coverage } = useGuidance(editor)
  const [asked, setAsked] = useState(false)
  const { error, guard } = useSaveGuard()
  const [onlySelected, setOnlySelected] = useState(false)
  const selectedId = useValue('guidance selected id', () => editor?.getOnlySelectedShapeId(), [
    editor,
  ])
  const listed =
    onlySelected && selectedId ? suggestions.filter((s) => s.elementId === selectedId) : suggestions
  const shown = asked || session.showSuggestions === true
  const names = new Map(coverage.map((c) => [c.id, c.name]))
  // A suggestion accepted or dismissed leaves the list, and its button with it.
  const keepFocus = useKeepFocusInList<HTMLUListElement>(sectionId('guidance'))

  return (
    <section className="tb-guidance" data-testid="guidance-section">
      <h2 id={sectionId('guidance')} tabIndex={-1}>
        Guidance
      </h2>
      {error && (
        <p className="tb-error" role="alert" data-testid="guidance-error">
          {error}
        </p>
      )}
      {editor && <ElementProperties editor={editor} canEdit={canEdit} />}

      <h3>Coverage</h3>
      {coverage.length > 0 && (
        <p className="tb-muted" data-testid="coverage-summary">
          {coverageLine(summarizeCoverage(coverage))}
        </p>
      )}
      <CoverageList coverage={coverage} />

      <h3>What might we have missed?</h3>
      <div className="tb-guidance-actions">
        {/* One button that changes, not two that replace each other: the keyboard stays on it. */}
        {session.showSuggestions !== true && (
          <button
            type="button"
            data-testid={shown ? 'guidance-hide' : 'guidance-ask'}
            aria-expanded={shown}
            onClick={() => setAsked((a) => !a)}
          >
            {shown ? 'Hide suggestions' : `Show suggestions (${suggestions.length})`}
          </button>
        )}
        {canEdit && (
          <label>
            <input
              type="checkbox"
              data-testid="guidance-session-toggle"
              checked={session.showSuggestions === true}
              onChange={(e) =>
                guard(() =>
                  writeSession(doc, { showSuggestions: e.target.checked }, LOCAL_MODEL_ORIGIN),
                )
              }
            />
            Show to everyone in this session
          </label>
        )}
        {shown && (
          <label>
            <input
              type="checkbox"
              data-testid="guidance-only-selected"
              checked={onlySelected}
              onChange={(e) => setOnlySelected(e.target.checked)}
            />
            Only the selected element
          </label>
        )}
      </div>
      {shown && listed.length === 0 && (
        <p className="tb-muted" data-testid="guidance-none">
          {suggestions.length > 0 ? 'None for the selected element.' : 'No suggestions.'} Set
          properties on the elements (internet facing, stores credentials…) and draw the flows and
          trust boundaries; the rules read those.
        </p>
      )}
      {shown && listed.length > 0 && (
        <ul className="tb-list tb-suggestions" data-testid="suggestion-list" {...keepFocus}>
          {listed.map((s) => (
            <SuggestionRow
              key={`${s.ruleId}|${s.elementId}`}
              suggestion={s}
              elementName={names.get(s.elementId) ?? ''}
              canEdit={canEdit && editor !== null}
              onAccept={() => guard(() => acceptSuggestion(editor!, doc, s, model.userName))}
              onDismiss={() => guard(() => dismissSuggestion(editor!, s))}
            />
          ))}
        </ul>
      )}
    </section>
  )
}

function SuggestionRow(props: {
  suggestion: Suggestion
  elementName: string
  canEdit: boolean
  onAccept: () => void
  onDismiss: () => void
}) {
  const s = props.suggestion
  const info = STRIDE_INFO[s.category]
  return (
    <li data-testid="suggestion" data-rule={s.ruleId} data-element={s.elementId}>
      <div className="tb-suggestion__head">
        <span
          className="tb-stride-letter"
          style={{ background: info.color }}
          title={info.label}
          aria-hidden
        >
          {info.letter}
        </span>
        <strong data-testid="suggestion-title">{s.title}</strong>
      </div>
      <div className="tb-muted">
        {info.label} · on {props.elementName || 'an element'} · {s.recommendation.priority} priority
        · rule <code>{s.ruleId}</code>
      </div>
      <p className="tb-suggestion__why">{s.rationale}</p>
      {props.canEdit && (
        <div className="tb-guidance-actions tb-guidance-actions--row">
          <button type="button" data-testid="suggestion-accept" onClick={props.onAccept}>
            Accept
          </button>
          <button type="button" data-testid="suggestion-dismiss" onClick={props.onDismiss}>
            Dismiss
          </button>
        </div>
      )}
    </li>
  )
}

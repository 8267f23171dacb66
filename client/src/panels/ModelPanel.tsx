import './panels.css'
import './panelFields.css'
import { useCallback, useLayoutEffect, useMemo, useRef, useState, type FormEvent } from 'react'
import { flushSync } from 'react-dom'
import { useComputed, useValue } from 'tldraw'
import {
  AssetSchema,
  newEntityId,
  PRIORITIES,
  PRIORITY_MEANING,
  PRIORITY_RANK,
  RECOMMENDATION_STATUS_RANK,
  RecommendationSchema,
  deleteEntity,
  patchEntity,
  getCollection,
  readEntity,
  writeEntity,
  type Priority,
  type Threat,
} from '@threatboard/shared'
import { useRoomModel } from '../model/RoomModelContext.tsx'
import { useCollection, useSession } from '../model/useModel.ts'
import { LOCAL_MODEL_ORIGIN } from '../model/modelUndo.ts'
import type {} from '../shapes/boardShapeTypes.ts'
import { pinAsset } from '../shapes/assetPin/pinAsset.ts'
import { AddThreat } from './AddThreat.tsx'
import { AssetDetails, AssetForm, removeAsset } from './AssetRow.tsx'
import { EnumSelect, label } from './EnumSelect.tsx'
import { useSaveGuard } from './useSaveGuard.ts'
import { sameElements, sameSet } from './sameValue.ts'
import { selectedShape, type SelectedShape } from './selectedShape.ts'
import { everyShape, readBesidesPlaces } from '../shapes/common/everyShape.ts'
import { sectionId } from './PanelNav.tsx'
import { RecommendationRow } from './RecommendationRow.tsx'
import {
  elementFilterOptions,
  isFiltering,
  matches,
  ThreatFilters,
  type ThreatFilter,
} from './ThreatFilters.tsx'
import { ThreatRow } from './ThreatRow.tsx'
import { answeringOnly, removeThreat } from './removeThreat.ts'
import { TrainingLink } from './TrainingLink.tsx'
import { useKeepFocusInList } from '../ui/useKeepFocusInList.ts'
import { LostDraftNotice, typedText, useLostDrafts, type LostDraft } from './LostDrafts.tsx'
import { useUnsavedWork } from '../ui/unsavedWork.ts'

const stop = (e: { stopPropagation(): void }) => e.stopPropagation()

/**
 * The team's threat-model lists beside the board: assets (pinned onto the selected element),
 * threats with filters, recommendations. Drawing, naming, STRIDE cards and prompts are on the
 * canvas itself (toolbar and canvas panel). Every write is validated by the shared schemas
 * first; the server validates again.
 */
export function ModelPanel() {
  const model = useRoomModel()
  const { editor, doc, canEdit } = model
  const threats = useCollection('threats')
  const assets = useCollection('assets')
  const recs = useCollection('recommendations')
  const selected = useValue(useMemo(() => selectedShape(editor), [editor]))
  // Both read from every shape of every page (one model may span several), and neither from
  // where a shape is: a move (someone else's too) does not work them out again, and a change
  // that leaves them the same does not re-render the whole panel.
  const carded = useValue(
    useComputed(
      'threats with a card',
      () =>
        editor
          ? readBesidesPlaces(
              editor,
              () =>
                new Set(
                  everyShape(editor).flatMap((s) =>
                    s.type === 'threat-card' ? [s.props.threatId] : [],
                  ),
                ),
            )
          : new Set<string>(),
      { isEqual: sameSet },
      [editor],
    ),
  )
  // The threats whose cards are selected on the board: their rows are marked, and brought into
  // view when the list is showing.
  const selectedThreats = useValue(
    useComputed(
      'threats of the selected cards',
      () =>
        new Set(
          (editor?.getSelectedShapes() ?? []).flatMap((s) =>
            s.type === 'threat-card' ? [s.props.threatId] : [],
          ),
        ),
      { isEqual: sameSet },
      [editor],
    ),
  )
  const session = useSession()
  const { error, guard } = useSaveGuard()
  // A row's field saves when the row goes; when a teammate's delete took it, the text is kept here.
  const { lost, lose, dismiss } = useLostDrafts()
  const [filter, setFilterState] = useState<ThreatFilter>({})
  /** A threat whose row left the filtered list with what was being typed in it, saved. */
  const [leftList, setLeftList] = useState<{ id: string; title: string; field: string } | null>(
    null,
  )
  const setFilter = useCallback((f: ThreatFilter) => {
    setFilterState(f)
    setLeftList(null)
  }, [])
  /** The threats whose details are open in the list, kept while their rows come and go. */
  const [openDetails, setOpenDetails] = useState<ReadonlySet<string>>(() => new Set())
  const toggleDetails = useCallback((id: string, open: boolean) => {
    setOpenDetails((was) => {
      if (was.has(id) === open) return was
      const next = new Set(was)
      if (open) next.add(id)
      else next.delete(id)
      return next
    })
  }, [])
  /** The threat just added from the keyboard: its severity takes the focus. */
  const [added, setAdded] = useState<string | null>(null)
  const severityFocused = useCallback(() => setAdded(null), [])
  // The same two functions on every render, reading what they need when called: the threat
  // rows are memoized and would otherwise all render again on every render of the panel.
  const current = useRef({ doc, editor, recs, session, guard, lose, filter })
  useLayoutEffect(() => {
    current.current = { doc, editor, recs, session, guard, lose, filter }
  })
  const changeThreat = useCallback((shown: Threat, patch: Partial<Threat>) => {
    const { doc, guard, lose, filter } = current.current
    guard(() => {
      if (!patchEntity(doc, 'threats', shown.id, patch, LOCAL_MODEL_ORIGIN)) {
        lose('threat', shown.title, patch)
        return
      }
      // Typed text saved as its row left the list: a teammate's change put the threat outside
      // the filter. Said, so that the writer knows where it went and that it was kept.
      const typed = typedText(patch)
      const now = readEntity('threats', getCollection(doc, 'threats').get(shown.id))
      if (typed && now && !matches(now, filter))
        setLeftList({ id: now.id, title: now.title, ...typed })
    })
  }, [])
  const deleteThreat = useCallback((threat: Threat) => {
    const { doc, editor, recs, session, guard } = current.current
    guard(() => removeThreat(doc, editor, threat, recs, session))
  }, [])
  const elements = useValue(
    useComputed(
      'diagram elements',
      () =>
        editor
          ? readBesidesPlaces(editor, () => elementFilterOptions(editor, everyShape(editor)))
          : [],
      { isEqual: sameElements },
      [editor],
    ),
  )
  // Looked up once per threat row: 600 rows asking each of 600 recommendations and elements
  // were ~3 ms of every render of the panel on a big board.
  const shownThreats = useMemo(() => threats.filter((t) => matches(t, filter)), [threats, filter])
  // The note goes when the threat comes back into the list (a teammate's next change): it is
  // in the list again, where the note would say it is not. A keyboard on the note goes to it.
  const leftNote = useRef<HTMLDivElement>(null)
  const backInList = leftList !== null && shownThreats.some((t) => t.id === leftList.id)
  useLayoutEffect(() => {
    if (!backInList) return
    const hadFocus = leftNote.current?.contains(document.activeElement) ?? false
    flushSync(() => setLeftList(null))
    if (hadFocus) focusThreatRow(leftList.id)
  }, [backInList, leftList])
  const answered = useMemo(() => new Set(recs.flatMap((r) => r.threatIds)), [recs])
  const drawn = useMemo(() => new Set(elements.map((e) => e.id)), [elements])
  // A row deleted takes its Delete button with it.
  const keepAssetFocus = useKeepFocusInList<HTMLUListElement>(sectionId('assets'))
  const keepThreatFocus = useKeepFocusInList<HTMLUListElement>(sectionId('threats'))
  const keepRecFocus = useKeepFocusInList<HTMLUListElement>(sectionId('recommendations'))

  return (
    <section className="tb-model" data-testid="model-panel">
      {error && (
        <p className="tb-error" role="alert" data-testid="model-error">
          {error}
        </p>
      )}
      {lost.length > 0 && (
        <div className="tb-lost-drafts">
          {lost.map((draft) => (
            <LostDraftNotice
              key={draft.id}
              draft={draft}
              returnTo={sectionId(LIST_OF[draft.kind])}
              onDismiss={() => dismiss(draft.id)}
            />
          ))}
        </div>
      )}

      <h2 id={sectionId('assets')} tabIndex={-1}>
        Assets
      </h2>
      {assets.length === 0 && <p className="tb-muted">No assets yet: what is worth protecting?</p>}
      <ul className="tb-list" data-testid="asset-list" {...keepAssetFocus}>
        {assets.map((a) => (
          <li key={a.id} data-testid="asset-row">
            <strong>{a.name}</strong> · {label(a.kind)} · {a.sensitivity}
            {canEdit &&
              editor &&
              selected &&
              selected.type !== 'asset-pin' &&
              selected.type !== 'threat-card' && (
                <button
                  type="button"
                  data-testid="pin-asset"
                  onClick={() => pinAsset(editor, { assetId: a.id, targetShapeId: selected.id })}
                >
                  Pin to selection
                </button>
              )}
            <AssetDetails
              asset={a}
              canEdit={canEdit}
              onChange={(patch) =>
                guard(() => {
                  if (!patchEntity(doc, 'assets', a.id, patch, LOCAL_MODEL_ORIGIN)) {
                    lose('asset', a.name, patch)
                  }
                })
              }
              onDelete={() => guard(() => removeAsset(doc, editor, a, threats))}
            />
          </li>
        ))}
      </ul>
      {canEdit && (
        <AssetForm
          onAdd={(a) =>
            guard(() =>
              writeEntity(
                doc,
                'assets',
                AssetSchema.parse({ ...a, id: newEntityId('a') }),
                LOCAL_MODEL_ORIGIN,
              ),
            )
          }
        />
      )}

      <h2 id={sectionId('threats')} tabIndex={-1}>
        Threats
      </h2>
      <TrainingLink />
      {threats.length === 0 && (
        <p className="tb-muted">No threats yet: select an element and use the STRIDE prompts.</p>
      )}
      <AddThreat onAdded={setAdded} />
      {threats.length > 0 && (
        <ThreatFilters filter={filter} onChange={setFilter} elements={elements} />
      )}
      {leftList && (
        <div className="tb-left-list" role="status" data-testid="left-list" ref={leftNote}>
          <p>
            “{leftList.title}” no longer matches your filter and has left your list. What you wrote
            in {leftList.field} was saved.
          </p>
          <div className="tb-row">
            <button
              type="button"
              onClick={() => {
                const { id } = leftList
                // Shown again with its details open: where what was written is.
                flushSync(() => {
                  setFilter({})
                  toggleDetails(id, true)
                })
                // The keyboard goes to the threat, shown again, rather than to the page.
                focusThreatRow(id)
              }}
            >
              Show all threats
            </button>
            <button
              type="button"
              onClick={() => {
                setLeftList(null)
                document.getElementById(sectionId('threats'))?.focus()
              }}
            >
              Dismiss
            </button>
          </div>
        </div>
      )}
      {threats.length > 0 && isFiltering(filter) && (
        <p className="tb-muted tb-filter-count" role="status" data-testid="filter-count">
          {shownThreats.length === 0
            ? 'No threat matches these filters.'
            : `${shownThreats.length} of ${threats.length} threats shown.`}{' '}
          <button
            type="button"
            className="tb-button-quiet"
            onClick={() => {
              setFilter({})
              document.getElementById(sectionId('threats'))?.focus()
            }}
          >
            Clear filters
          </button>
        </p>
      )}
      <ul className="tb-list" data-testid="threat-list" {...keepThreatFocus}>
        {shownThreats.map((t) => (
          <ThreatRow
            key={t.id}
            threat={t}
            answered={answered.has(t.id)}
            unattached={
              t.targets.elements.length > 0 && t.targets.elements.every((id) => !drawn.has(id))
            }
            focusSeverity={t.id === added}
            onSeverityFocused={t.id === added ? severityFocused : undefined}
            selected={selectedThreats.has(t.id)}
            cardTarget={
              carded.has(t.id) ? undefined : t.targets.elements.find((id) => drawn.has(id))
            }
            goesWithIt={answeringOnly(t.id, recs).map((r) => r.text)}
            detailsOpen={openDetails.has(t.id)}
            onDetailsToggle={toggleDetails}
            onChange={changeThreat}
            onDelete={deleteThreat}
          />
        ))}
      </ul>

      <h2 id={sectionId('recommendations')} tabIndex={-1}>
        Recommendations
      </h2>
      {recs.length === 0 && <p className="tb-muted">No recommendations yet.</p>}
      <ul className="tb-list" data-testid="recommendation-list" {...keepRecFocus}>
        {[...recs]
          .sort(
            (a, b) =>
              PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
              RECOMMENDATION_STATUS_RANK[a.status] - RECOMMENDATION_STATUS_RANK[b.status],
          )
          .map((r) => (
            <RecommendationRow
              key={r.id}
              rec={r}
              threats={threats}
              canEdit={canEdit}
              ticketUrlTemplate={session.ticketUrlTemplate}
              onChange={(patch) =>
                guard(() => {
                  if (!patchEntity(doc, 'recommendations', r.id, patch, LOCAL_MODEL_ORIGIN)) {
                    lose('recommendation', r.text, patch)
                  }
                })
              }
              onDelete={() =>
                guard(() => deleteEntity(doc, 'recommendations', r.id, LOCAL_MODEL_ORIGIN))
              }
              onExceptionDraftLeft={(text) => {
                // The row also goes with the panel; only a deleted recommendation loses the text.
                if (!getCollection(doc, 'recommendations').has(r.id)) {
                  lose('recommendation', r.text, { exception: text })
                }
              }}
            />
          ))}
      </ul>
      {canEdit && (
        <RecommendationForm
          threats={threats}
          selectedThreatId={selectedThreat(selected, threats)}
          onAdd={(text, priority, threatId) =>
            guard(() =>
              writeEntity(
                doc,
                'recommendations',
                RecommendationSchema.parse({
                  id: newEntityId('r'),
                  text,
                  priority,
                  threatIds: [threatId],
                  status: 'proposed',
                  owner: model.userName,
                }),
                LOCAL_MODEL_ORIGIN,
              ),
            )
          }
        />
      )}
    </section>
  )
}

/** Puts the keyboard on a threat's row (its details' summary), scrolled into view. */
function focusThreatRow(id: string) {
  const summary = document.querySelector<HTMLElement>(
    `[data-threat-id="${CSS.escape(id)}"] summary`,
  )
  summary?.scrollIntoView({ block: 'nearest' })
  ;(summary ?? document.getElementById(sectionId('threats')))?.focus()
}

/** The side panel's list each kind of row is in. */
const LIST_OF: Record<LostDraft['kind'], 'assets' | 'threats' | 'recommendations'> = {
  asset: 'assets',
  threat: 'threats',
  recommendation: 'recommendations',
}

/**
 * The threat the selection stands for: a selected card's, or the first threat on a selected
 * element. What a recommendation written now most likely answers.
 */
function selectedThreat(selected: SelectedShape | undefined, threats: Threat[]) {
  if (!selected) return undefined
  if (selected.type === 'threat-card') return selected.threatId
  return threats.find((t) => t.targets.elements.includes(selected.id))?.id
}

/**
 * A new recommendation, answering the selected card's threat (or the first threat on the
 * selected element) unless the person picks another; a pick holds until the selection changes.
 * With no threat yet it says so and adds nothing, keeping what is typed.
 */
function RecommendationForm({
  threats,
  selectedThreatId,
  onAdd,
}: {
  threats: Threat[]
  selectedThreatId: string | undefined
  onAdd: (text: string, priority: Priority, threatId: string) => void
}) {
  const [text, setText] = useState('')
  useUnsavedWork('the recommendation you were writing', text)
  const [priority, setPriority] = useState<Priority>('high')
  const [picked, setPicked] = useState<{ id: string; selection: string | undefined }>()
  const wanted =
    picked && picked.selection === selectedThreatId ? picked.id : (selectedThreatId ?? '')
  const threatId = threats.some((t) => t.id === wanted) ? wanted : threats[0]?.id
  const setThreatId = (id: string) => setPicked({ id, selection: selectedThreatId })
  const field = useRef<HTMLInputElement>(null)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!threatId) return
    onAdd(text, priority, threatId)
    setText('')
    // The button, disabled with the field emptied, would drop the keyboard to the page.
    field.current?.focus()
  }
  return (
    <form className="tb-form" onSubmit={submit} data-testid="recommendation-form">
      <input
        ref={field}
        aria-label="Recommendation"
        data-testid="rec-text"
        placeholder="What should be done?"
        value={text}
        maxLength={2000}
        onKeyDown={stop}
        onChange={(e) => setText(e.target.value)}
      />
      <EnumSelect
        label="Priority"
        testId="rec-priority"
        value={priority}
        options={PRIORITIES}
        onChange={setPriority}
        optionText={(p) => `${label(p)} — ${PRIORITY_MEANING[p]}`}
      />
      {threatId ? (
        <select
          aria-label="Answers threat"
          data-testid="rec-threat"
          value={threatId}
          onChange={(e) => setThreatId(e.target.value)}
        >
          {threats.map((t) => (
            <option key={t.id} value={t.id}>
              {t.title}
            </option>
          ))}
        </select>
      ) : (
        // Kept with what was typed when the last threat goes: it is added once there is one.
        <p className="tb-muted" id="rec-needs-threat" data-testid="rec-needs-threat">
          A recommendation answers a threat: add one first (select an element and press t).
        </p>
      )}
      <button
        type="submit"
        data-testid="rec-add"
        disabled={!text.trim() || !threatId}
        aria-describedby={threatId ? undefined : 'rec-needs-threat'}
      >
        Add recommendation
      </button>
    </form>
  )
}

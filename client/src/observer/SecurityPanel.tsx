import './observer.css'
import { useCallback, useEffect, useMemo, useRef, useState, type ComponentProps } from 'react'
import { useValue } from 'tldraw'
import { HINT_STATES, REVIEW_VERDICTS, type Hint } from '@threatboard/shared'
import { roomApi } from '../api/roomApi.ts'
import { useRoomModel } from '../model/RoomModelContext.tsx'
import { useCollection } from '../model/useModel.ts'
import { describeTarget } from './hintTarget.ts'
import { HintComposer } from './HintComposer.tsx'
import { hintPanelValues, type HintPanelValues } from './hintPanelValues.ts'
import { ReportSection } from './ReportSection.tsx'
import { GuidanceSection } from '../guidance/GuidanceSection.tsx'
import { ModelPanel } from '../panels/ModelPanel.tsx'
import { PanelNav, sectionId } from '../panels/PanelNav.tsx'
import { SessionPanel } from '../panels/SessionPanel.tsx'
import { handleUndoKeys, UndoBar } from '../panels/UndoBar.tsx'
import { showShape } from '../shapes/common/showShape.ts'
import { formatWhen } from '../ui/formatWhen.ts'
import { useKeepFocusInList } from '../ui/useKeepFocusInList.ts'
import { useSendOnce, useUnsavedWork } from '../ui/unsavedWork.ts'

const label = (s: string) => s.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase())
const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err))

/**
 * The security side of a session: hints from observers (visibly not the team's work), staged
 * hints an observer reveals later, and the review sign-off with its history. Every write goes
 * through the server, which checks the role; the buttons shown here only follow the role.
 */
export function SecurityPanel() {
  const model = useRoomModel()
  const { role, editor } = model
  const api = useMemo(() => roomApi(model.roomId, model.token), [model.roomId, model.token])
  const hints = useCollection('hints')
  const threats = useCollection('threats')
  const reviews = useCollection('reviews')
  const assets = useCollection('assets')
  const canHint = role === 'observer' || role === 'owner'
  const canTriage = role === 'editor' || role === 'owner'
  const [error, setError] = useState<string | null>(null)
  const [staged, setStaged] = useState<Hint[]>([])

  const refreshStaged = useCallback(async () => {
    if (!canHint) return
    try {
      setStaged(await api.stagedHints())
    } catch (err) {
      setError(errorText(err))
    }
  }, [api, canHint])
  useEffect(() => {
    if (!canHint) return
    let live = true
    api.stagedHints().then(
      (hints) => live && setStaged(hints),
      (err: unknown) => live && setError(errorText(err)),
    )
    return () => {
      live = false
    }
  }, [api, canHint])

  /** Runs one API call; true when it succeeded (its error is shown otherwise). */
  const run = async (action: () => Promise<unknown>): Promise<boolean> => {
    setError(null)
    try {
      await action()
      await refreshStaged()
      return true
    } catch (err) {
      setError(errorText(err))
      return false
    }
  }

  // Read through useValue so the form and the list follow the selection and renames live.
  const values = useMemo(
    () => hintPanelValues(editor, { hints, threats, assets }),
    [editor, hints, threats, assets],
  )
  const elementNames = useValue(values.elementNames)
  const hintShapes = useValue(values.hintShapes)
  const elementName = (id: string) => elementNames.get(id)
  const showTarget = (h: Hint) => {
    const id = hintShapes.get(h.id)
    const shape = id && editor?.getShape(id)
    return shape && editor ? () => showShape(editor, shape) : undefined
  }

  const latest = [...reviews].sort((a, b) => b.at - a.at)[0]
  const sortedHints = [...hints].sort((a, b) => b.createdAt - a.createdAt)
  // A hint deleted or revealed takes its button with it; a hint acknowledged or resolved
  // changes its buttons.
  const keepStagedFocus = useKeepFocusInList<HTMLDivElement>(sectionId('hints'))
  const keepHintFocus = useKeepFocusInList<HTMLUListElement>(sectionId('hints'))

  return (
    <aside
      className="tb-security"
      aria-label="Threat model, report, review and hints"
      data-testid="security-panel"
      onKeyDown={(e) => handleUndoKeys(e, model.doc)}
    >
      <PanelNav />
      <UndoBar />
      <SessionPanel />
      <ModelPanel />
      <ReportSection />
      <section>
        <h2 id={sectionId('review')} tabIndex={-1}>
          Review
        </h2>
        <p
          data-testid="review-state"
          className={`tb-review tb-review--${latest?.verdict ?? 'none'}`}
        >
          {latest ? `${label(latest.verdict)} by ${latest.reviewer}` : 'Not reviewed yet'}
        </p>
        {reviews.length > 0 && (
          <ol className="tb-review-history" data-testid="review-history">
            {[...reviews]
              .sort((a, b) => a.at - b.at)
              .map((r) => (
                <li key={r.id}>
                  <strong>{label(r.verdict)}</strong> · {r.reviewer} · {formatWhen(r.at)}
                  {r.comment && <div>{r.comment}</div>}
                </li>
              ))}
          </ol>
        )}
        {canHint && (
          <ReviewForm onSubmit={(r) => run(() => api.postReview(r))} reviewer={model.userName} />
        )}
      </section>

      <section>
        <h2 id={sectionId('hints')} tabIndex={-1}>
          Hints
        </h2>
        {canHint && (
          <BoardHintComposer
            values={values}
            threats={threats}
            onPost={(text, target, hidden) =>
              run(() => api.postHint({ text, author: model.userName, target, hidden }))
            }
          />
        )}
        {error && (
          <p className="tb-error" role="alert" data-testid="security-error">
            {error}
          </p>
        )}
        {canHint && staged.length > 0 && (
          <div data-testid="staged-hints" {...keepStagedFocus}>
            <h3 className="tb-observers-only">Staged (only observers see these)</h3>
            {staged.map((h) => (
              <div key={h.id} className="tb-hint tb-hint--staged" data-testid="staged-hint">
                <p>{h.text}</p>
                <button type="button" onClick={() => run(() => api.revealHint(h.id))}>
                  Reveal to the team
                </button>
              </div>
            ))}
          </div>
        )}
        {sortedHints.length === 0 ? (
          <p className="tb-muted" data-testid="no-hints">
            No hints yet.{canHint ? ' Guide the team with a question rather than an answer.' : ''}
          </p>
        ) : (
          <ul className="tb-hints" data-testid="hint-list" {...keepHintFocus}>
            {sortedHints.map((h) => (
              <li key={h.id} className={`tb-hint tb-hint--${h.state}`} data-testid="hint">
                <div className="tb-hint__head">
                  Hint from <strong>{h.author}</strong> on{' '}
                  <HintTarget
                    text={describeTarget(h.target, threats, elementName)}
                    onShow={showTarget(h)}
                  />
                  <span className="tb-hint__state" data-testid="hint-state">
                    {label(h.state)}
                  </span>
                </div>
                <p>{h.text}</p>
                <div className="tb-hint__actions">
                  {canTriage &&
                    HINT_STATES.filter((s) => s !== h.state).map((s) => (
                      <button
                        key={s}
                        type="button"
                        onClick={() => run(() => api.setHintState(h.id, s))}
                      >
                        {s === 'acknowledged'
                          ? 'Acknowledge'
                          : s === 'resolved'
                            ? 'Resolve'
                            : 'Reopen'}
                      </button>
                    ))}
                  {canHint && (
                    <button type="button" onClick={() => run(() => api.deleteHint(h.id))}>
                      Delete
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
      <GuidanceSection />
    </aside>
  )
}

/**
 * The hint form with what it offers from the board: the live selection and every element, flow
 * and boundary by name. Read here, not by the panel, so only someone who may post hints keeps
 * that list (worked out from every shape, ~0.4 s on a 2,000-shape board's open and again after
 * each rename), and a new selection re-renders the form, not the whole panel.
 */
function BoardHintComposer({
  values,
  ...props
}: { values: HintPanelValues } & Omit<
  ComponentProps<typeof HintComposer>,
  'elements' | 'selection'
>) {
  const selection = useValue(values.selection)
  const elements = useValue(values.targets)
  return <HintComposer {...props} elements={elements} selection={selection} />
}

function ReviewForm(props: {
  reviewer: string
  onSubmit: (r: {
    reviewer: string
    verdict: (typeof REVIEW_VERDICTS)[number]
    comment: string
  }) => Promise<boolean>
}) {
  const [verdict, setVerdict] = useState<(typeof REVIEW_VERDICTS)[number]>('reviewed')
  const [comment, setComment] = useState('')
  useUnsavedWork('the review comment you were writing', comment)
  // Asking for changes without saying which helps no one (the server refuses it too).
  const [vague, setVague] = useState(false)
  const commentField = useRef<HTMLTextAreaElement>(null)
  const { sending: recording, typed, send } = useSendOnce()
  return (
    <form
      className="tb-review-form"
      data-testid="review-form"
      onSubmit={async (e) => {
        e.preventDefault()
        if (verdict === 'changes-requested' && !comment.trim()) {
          setVague(true)
          commentField.current?.focus()
          return
        }
        const review = { reviewer: props.reviewer, verdict, comment }
        if (await send(comment, () => props.onSubmit(review))) setComment('')
      }}
    >
      <select
        aria-label="Verdict"
        data-testid="review-verdict"
        value={verdict}
        onChange={(e) => {
          setVerdict(e.target.value as typeof verdict)
          setVague(false)
        }}
      >
        {REVIEW_VERDICTS.map((v) => (
          <option key={v} value={v}>
            {label(v)}
          </option>
        ))}
      </select>
      <textarea
        ref={commentField}
        aria-label="Review comment"
        data-testid="review-comment"
        value={comment}
        maxLength={5000}
        placeholder="What you checked, what is missing"
        aria-invalid={vague || undefined}
        aria-describedby={vague ? 'tb-review-vague' : undefined}
        onChange={(e) => {
          typed(e.target.value)
          setComment(e.target.value)
          setVague(false)
        }}
        onKeyDown={(e) => e.stopPropagation()}
      />
      {vague && (
        <p id="tb-review-vague" className="tb-field-error" role="alert" data-testid="review-vague">
          Say what should change: the team works from it, and the report quotes it.
        </p>
      )}
      <button type="submit" data-testid="review-submit" aria-busy={recording}>
        {recording ? 'Recording…' : 'Record review'}
      </button>
    </form>
  )
}

/** What a hint is about: a link that shows it on the board while it is there, else its name. */
function HintTarget({ text, onShow }: { text: string; onShow: (() => void) | undefined }) {
  if (!onShow) return <>{text}</>
  return (
    <button
      type="button"
      className="tb-link"
      data-testid="hint-show"
      title="Show it on the board"
      onClick={onShow}
    >
      {text}
    </button>
  )
}

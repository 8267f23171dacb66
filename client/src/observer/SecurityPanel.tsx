import './observer.css'
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react'
import { HINT_STATES, REVIEW_VERDICTS, type Hint } from '@threatboard/shared'
import { roomApi } from '../api/roomApi.ts'
import { useRoomModel } from '../model/RoomModelContext.tsx'
import { useCollection } from '../model/useModel.ts'
import { describeTarget } from './hintTarget.ts'
import { ReportSection } from './ReportSection.tsx'
import { ModelPanel } from '../panels/ModelPanel.tsx'
import { PanelNav, sectionId } from '../panels/PanelNav.tsx'
import { SessionPanel } from '../panels/SessionPanel.tsx'
import { handleUndoKeys, UndoBar } from '../panels/UndoBar.tsx'

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

  const run = async (action: () => Promise<unknown>) => {
    setError(null)
    try {
      await action()
      await refreshStaged()
    } catch (err) {
      setError(errorText(err))
    }
  }

  const elementName = (id: string) => {
    const shape = editor?.getShape(id as never) as { props?: Record<string, unknown> } | undefined
    if (!shape) return undefined
    const name = shape.props?.name
    return typeof name === 'string' && name ? name : 'a shape'
  }
  const latest = [...reviews].sort((a, b) => b.at - a.at)[0]
  const sortedHints = [...hints].sort((a, b) => b.createdAt - a.createdAt)

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
                  <strong>{label(r.verdict)}</strong> · {r.reviewer} ·{' '}
                  {new Date(r.at).toLocaleString()}
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
          <HintComposer
            threats={threats}
            selectedElement={editor?.getOnlySelectedShapeId() ?? null}
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
          <div data-testid="staged-hints">
            <h3>Staged (only observers see these)</h3>
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
          <ul className="tb-hints" data-testid="hint-list">
            {sortedHints.map((h) => (
              <li key={h.id} className={`tb-hint tb-hint--${h.state}`} data-testid="hint">
                <div className="tb-hint__head">
                  Hint from <strong>{h.author}</strong> on{' '}
                  {describeTarget(h.target, threats, elementName)}
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
    </aside>
  )
}

function HintComposer(props: {
  threats: { id: string; title: string }[]
  selectedElement: string | null
  onPost: (text: string, target: Hint['target'], hidden: boolean) => Promise<void>
}) {
  const [text, setText] = useState('')
  const [target, setTarget] = useState('board')
  const [hidden, setHidden] = useState(false)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const t: Hint['target'] =
      target === 'board'
        ? { kind: 'board' }
        : target === 'element' && props.selectedElement
          ? { kind: 'element', id: props.selectedElement }
          : { kind: 'threat', id: target.replace(/^threat:/, '') }
    await props.onPost(text, t, hidden)
    setText('')
  }
  return (
    <form className="tb-hint-form" onSubmit={submit} data-testid="hint-form">
      <label htmlFor="hint-text">New hint</label>
      <textarea
        id="hint-text"
        data-testid="hint-text"
        value={text}
        maxLength={2000}
        placeholder="Have you looked at who can call this endpoint?"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => e.stopPropagation()}
      />
      <label htmlFor="hint-target">On</label>
      <select
        id="hint-target"
        data-testid="hint-target"
        value={target}
        onChange={(e) => setTarget(e.target.value)}
      >
        <option value="board">The whole board</option>
        {props.selectedElement && <option value="element">The selected element</option>}
        {props.threats.map((t) => (
          <option key={t.id} value={`threat:${t.id}`}>
            Threat: {t.title}
          </option>
        ))}
      </select>
      <label className="tb-check">
        <input
          type="checkbox"
          data-testid="hint-hidden"
          checked={hidden}
          onChange={(e) => setHidden(e.target.checked)}
        />
        Stage it: hidden from the team until I reveal it
      </label>
      <button type="submit" data-testid="hint-post" disabled={!text.trim()}>
        {hidden ? 'Stage hint' : 'Post hint'}
      </button>
    </form>
  )
}

function ReviewForm(props: {
  reviewer: string
  onSubmit: (r: {
    reviewer: string
    verdict: (typeof REVIEW_VERDICTS)[number]
    comment: string
  }) => Promise<void>
}) {
  const [verdict, setVerdict] = useState<(typeof REVIEW_VERDICTS)[number]>('reviewed')
  const [comment, setComment] = useState('')
  return (
    <form
      className="tb-review-form"
      data-testid="review-form"
      onSubmit={async (e) => {
        e.preventDefault()
        await props.onSubmit({ reviewer: props.reviewer, verdict, comment })
        setComment('')
      }}
    >
      <select
        aria-label="Verdict"
        data-testid="review-verdict"
        value={verdict}
        onChange={(e) => setVerdict(e.target.value as typeof verdict)}
      >
        {REVIEW_VERDICTS.map((v) => (
          <option key={v} value={v}>
            {label(v)}
          </option>
        ))}
      </select>
      <textarea
        aria-label="Review comment"
        data-testid="review-comment"
        value={comment}
        maxLength={5000}
        placeholder="What you checked, what is missing"
        onChange={(e) => setComment(e.target.value)}
        onKeyDown={(e) => e.stopPropagation()}
      />
      <button type="submit" data-testid="review-submit">
        Record review
      </button>
    </form>
  )
}

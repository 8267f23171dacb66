import '../panels/panels.css'
import './training.css'
import { useEffect, useState } from 'react'
import { STRIDE_INFO, type Found, type StrideCategory, type TopThreat } from '@threatboard/shared'
import { inviteLink, loadRoomAccess } from '../access/roomAccess.ts'
import { forgetTraining } from '../access/trainings.ts'
import { ApiError } from '../api/roomsApi.ts'
import { getTraining, revealTraining, type TrainingView } from '../api/trainingApi.ts'
import { NotFound } from '../NotFound.tsx'
import { useDocumentTitle } from '../ui/useDocumentTitle.ts'
import { CopyLinkButton } from '../board/CopyLinkButton.tsx'
import { Link } from '../routing/Link.tsx'
import { roomPath } from '../routing/matchRoute.ts'

/** How often the comparison is fetched again while the groups work. */
const REFRESH_MS = 4000

const FOUND_TEXT: Record<Found, string> = {
  top: '★ in top 3',
  recorded: '✓ found',
  missed: '—',
}

/**
 * The facilitator's comparison (issue 14, training mode): each group's top three side by side,
 * the staged expert threats with the button that reveals them, and after the reveal which group
 * found which. A group's browser can open it too (`?group=<its room id>`): the server gives a
 * group the expert threats only once revealed.
 */
export default function TrainingPage({ trainingId }: { trainingId: string }) {
  const own = loadRoomAccess(trainingId)
  const groupRoom = new URLSearchParams(location.search).get('group')
  const token = own?.token ?? (groupRoom ? loadRoomAccess(groupRoom)?.token : undefined)
  const [view, setView] = useState<TrainingView | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [revealing, setRevealing] = useState(false)
  // The server's last word on this training when it will not change by asking again.
  const [closed, setClosed] = useState<{ status: 404 | 401; message: string } | null>(null)

  // Without a token of its own the page still asks once: the server says whether the training
  // exists (a deleted one is "not found", not a matter of invites).
  useEffect(() => {
    const abort = new AbortController()
    const load = () =>
      getTraining(trainingId, token, abort.signal).then(
        (next) => {
          setView(next)
          setError(null)
        },
        (err: unknown) => {
          if (abort.signal.aborted) return
          if (err instanceof ApiError && (err.status === 404 || err.status === 401)) {
            clearInterval(timer)
            // Deleted with its facilitator's room: the lobby no longer leads here.
            if (err.status === 404) forgetTraining(trainingId)
            setClosed({ status: err.status, message: err.message })
            return
          }
          setError(err instanceof Error ? err.message : String(err))
        },
      )
    void load()
    // Read by `load` only once an answer has come, after this line.
    const timer = token ? setInterval(() => void load(), REFRESH_MS) : undefined
    return () => {
      abort.abort()
      clearInterval(timer)
    }
  }, [trainingId, token])

  const title = view?.title
  useDocumentTitle(title ? `${title} · Training` : 'Training')

  if (closed?.status === 404) {
    return <NotFound message="This training does not exist, or its facilitator deleted it." />
  }
  if (!token || closed) {
    return (
      <main className="tb-centered" data-testid="training-no-access">
        <h1>Training</h1>
        {closed ? (
          <p>
            {token
              ? `The invite this browser has for this training was refused: ${closed.message}.`
              : 'This browser has no invite for this training. Open it from the facilitator’s browser.'}
          </p>
        ) : error ? (
          <p className="tb-error" role="alert">
            {error}
          </p>
        ) : (
          <p className="tb-muted" role="status">
            Loading the training…
          </p>
        )}
        <Link href="/">Back to the rooms</Link>
      </main>
    )
  }
  const facilitator = view?.role === 'owner'
  // A group member came from its own board: the way back, and which column is theirs.
  const ownGroup = own ? undefined : view?.groups.find((g) => g.roomId === groupRoom)
  const reveal = async () => {
    setRevealing(true)
    try {
      setView(await revealTraining(trainingId, token))
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    } finally {
      setRevealing(false)
    }
  }

  return (
    <main className="tb-training" data-testid="training-page">
      <header>
        <Link href="/">← Rooms</Link>
        {view?.title ? (
          <>
            <p className="tb-training__kicker">Training comparison</p>
            <h1 data-testid="training-title">{view.title}</h1>
          </>
        ) : (
          <h1>Training comparison</h1>
        )}
        {own && (
          <p>
            <Link href={roomPath(trainingId)} data-testid="facilitator-board-link">
              Open the facilitator&rsquo;s board
            </Link>
          </p>
        )}
        {!own && ownGroup && (
          <p>
            <Link href={roomPath(ownGroup.roomId)} data-testid="group-board-link">
              Back to {ownGroup.name}&rsquo;s board
            </Link>
          </p>
        )}
      </header>
      {error && (
        <p className="tb-error" role="alert" data-testid="training-error">
          {error}
        </p>
      )}
      {!view && !error && <p className="tb-muted">Loading the training…</p>}
      {view && (
        <>
          <section aria-labelledby="training-groups">
            <h2 id="training-groups">Each group&rsquo;s top three</h2>
            <div className="tb-training__groups">
              {view.groups.map((g) => (
                <GroupColumn
                  key={g.roomId}
                  name={g.name}
                  roomId={g.roomId}
                  top={g.top}
                  showLinks={facilitator}
                  yours={g === ownGroup}
                />
              ))}
            </div>
          </section>
          <section aria-labelledby="training-experts" data-testid="training-experts">
            <h2 id="training-experts">Expert threats</h2>
            {!view.revealed && !view.experts && (
              <p className="tb-muted">
                The facilitator reveals the expert&rsquo;s threats at the end of the exercise.
              </p>
            )}
            {!view.revealed && view.experts && (
              <div className="tb-training__staged">
                <p>
                  {view.experts.length} expert threats are staged: hidden from the groups until you
                  reveal them.
                </p>
                <button
                  type="button"
                  className="tb-training__reveal"
                  data-testid="training-reveal"
                  disabled={revealing}
                  onClick={() => void reveal()}
                >
                  {revealing ? 'Revealing…' : 'Reveal the expert threats'}
                </button>
              </div>
            )}
            {view.revealed && view.experts && <ExpertTable view={view} />}
          </section>
          <p className="tb-muted tb-training__rule">
            A group found an expert threat when one of its threats has the same STRIDE category and
            targets the same element. ★: in the group&rsquo;s top three; ✓: recorded, not in its top
            three.
          </p>
        </>
      )}
    </main>
  )
}

function GroupColumn({
  name,
  roomId,
  top,
  showLinks,
  yours,
}: {
  name: string
  roomId: string
  top: TopThreat[]
  showLinks: boolean
  yours: boolean
}) {
  const invites = showLinks ? loadRoomAccess(roomId)?.invites : undefined
  return (
    <article
      className={`tb-training__group${yours ? ' tb-training__group--yours' : ''}`}
      data-testid="training-group"
      data-room-id={roomId}
    >
      <h3>
        {name}
        {yours && (
          <span className="tb-training__yours" data-testid="training-your-group">
            {' '}
            · your group
          </span>
        )}
      </h3>
      {top.length === 0 ? (
        <p className="tb-muted">No top threats marked yet.</p>
      ) : (
        <ol>
          {top.map((t) => (
            <li key={t.id} data-testid="training-top-threat">
              <StrideLetter category={t.category} /> {t.title}
              {t.elements.length > 0 && (
                <span className="tb-muted"> · {t.elements.join(', ')}</span>
              )}
            </li>
          ))}
        </ol>
      )}
      {invites?.editor && (
        <p className="tb-training__links">
          <Link href={roomPath(roomId)}>Open</Link>{' '}
          <CopyLinkButton
            url={inviteLink(roomId, invites.editor)}
            role="editor"
            testId="training-group-link"
          />
        </p>
      )}
    </article>
  )
}

/**
 * Expert threats down, groups across. Wider than a phone with a few groups: the table scrolls
 * sideways in its own box (focusable, so the keys scroll it too) while the threat column stays.
 */
function ExpertTable({ view }: { view: TrainingView }) {
  return (
    <div
      className="tb-training__table"
      tabIndex={0}
      role="region"
      aria-label="Expert threats found by each group"
      data-testid="training-expert-scroll"
    >
      <table className="tb-training__experts" data-testid="training-expert-table">
        <thead>
          <tr>
            <th scope="col">Expert threat</th>
            {view.groups.map((g) => (
              <th scope="col" key={g.roomId}>
                {g.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {view.experts!.map((e) => (
            <tr key={`${e.elementId}|${e.category}`} data-testid="training-expert">
              <th scope="row">
                <StrideLetter category={e.category} /> {e.title}
                <span className="tb-muted"> · {e.elementName}</span>
                <div className="tb-muted tb-training__why">{e.why}</div>
              </th>
              {e.found.map((f, i) => (
                <td
                  key={view.groups[i]!.roomId}
                  className={`tb-found tb-found--${f}`}
                  data-found={f}
                >
                  {FOUND_TEXT[f]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function StrideLetter({ category }: { category: StrideCategory }) {
  const info = STRIDE_INFO[category]
  return (
    <span
      className="tb-stride__letter tb-stride__letter--small"
      style={{ background: info.color }}
      title={info.label}
    >
      {info.letter}
    </span>
  )
}

import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import type { Session } from '@threatboard/shared'
import { useSessionOf } from '../model/useModel.ts'

/** What is left of a running timebox, in seconds (negative once it is over); null when none runs. */
export function useTimeboxLeft(session: Session): number | null {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!session.startedAt) return
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [session.startedAt])
  if (!session.startedAt) return null
  // Until the first tick after a start, `now` may be older than the start itself.
  const at = Math.max(now, session.startedAt)
  return Math.round((session.startedAt + session.timeboxMinutes * 60_000 - at) / 1000)
}

/** "12:05": minutes and seconds of a number of seconds, whatever its sign. */
export function minutesAndSeconds(seconds: number): string {
  const abs = Math.abs(seconds)
  return `${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, '0')}`
}

/** "12:05 left" or "3:10 over the timebox". */
export function timeboxText(left: number): string {
  return `${minutesAndSeconds(left)} ${left >= 0 ? 'left' : 'over the timebox'}`
}

/**
 * The running timebox in the board's header, for everyone in the room, whichever section of the
 * side panel they are reading; red once the session runs over. Nothing when no timer runs.
 */
export function HeaderTimebox({ doc }: { doc: Y.Doc }) {
  const left = useTimeboxLeft(useSessionOf(doc))
  if (left === null) return null
  return (
    <span
      role="timer"
      className={`tb-timebox${left < 0 ? ' tb-timebox--over' : ''}`}
      data-testid="header-timebox"
      aria-label={`Session timebox: ${timeboxText(left)}`}
      title={`Session timebox: ${timeboxText(left)}`}
    >
      <svg
        width="12"
        height="12"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="2.4"
        aria-hidden="true"
      >
        <circle cx="12" cy="13" r="8" />
        <path d="M12 9v4l2.5 2.5M9.5 2.5h5" />
      </svg>
      <span aria-hidden="true">
        {left < 0 ? '+' : ''}
        {minutesAndSeconds(left)}
      </span>
    </span>
  )
}

import { writeSession } from '@threatboard/shared'
import { useRoomModel } from '../model/RoomModelContext.tsx'
import { LOCAL_MODEL_ORIGIN } from '../model/modelUndo.ts'
import { useSession } from '../model/useModel.ts'
import { useSaveGuard } from './useSaveGuard.ts'

/** How many threats a training group picks (the practice's "top three"). */
const TOP = 3

/**
 * Training mode (issue 14): a group marks its top three threats, which the facilitator's
 * comparison puts side by side. Shown in a training session only; editors toggle it, and a
 * fourth is refused here (and by the server's session schema).
 */
export function TopThreatToggle({ threatId, title }: { threatId: string; title: string }) {
  const { doc, canEdit } = useRoomModel()
  const session = useSession()
  const { error, guard } = useSaveGuard()
  if (session.phase !== 'training') return null
  const top = session.topThreats ?? []
  const marked = top.includes(threatId)
  const full = !marked && top.length >= TOP
  const toggle = () =>
    guard(() =>
      writeSession(
        doc,
        { topThreats: marked ? top.filter((id) => id !== threatId) : [...top, threatId] },
        LOCAL_MODEL_ORIGIN,
      ),
    )
  return (
    <>
      <button
        type="button"
        className={`tb-top-toggle${marked ? ' tb-top-toggle--on' : ''}`}
        data-testid="top-threat-toggle"
        aria-pressed={marked}
        aria-label={`Top ${TOP}: “${title}”`}
        title={
          full
            ? `Your group already has its top ${TOP}: unmark one first`
            : marked
              ? `In your group's top ${TOP} (${top.indexOf(threatId) + 1} of ${TOP})`
              : `Mark as one of your group's top ${TOP}`
        }
        disabled={!canEdit || full}
        onClick={toggle}
      >
        {marked ? '★' : '☆'} Top {TOP}
      </button>
      {error && (
        <span className="tb-error" role="alert">
          {error}
        </span>
      )}
    </>
  )
}

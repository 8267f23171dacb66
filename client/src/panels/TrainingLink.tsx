import { useRoomModel } from '../model/RoomModelContext.tsx'
import { useTrainingOf, useTrainingRun } from '../model/useModel.ts'
import { Link } from '../routing/Link.tsx'
import { trainingPath } from '../routing/matchRoute.ts'

/**
 * In a training's group room: which group this is, and the way to the comparison (which shows
 * a group the expert threats once the facilitator has revealed them). In its facilitator room:
 * the way back to the comparison, where the groups' work and the reveal are.
 */
export function TrainingLink() {
  const { roomId } = useRoomModel()
  const training = useTrainingOf()
  const run = useTrainingRun()
  if (run) {
    return (
      <p className="tb-muted" data-testid="training-link">
        Training{run.title ? ` · ${run.title}` : ''}: the facilitator&rsquo;s board.{' '}
        <Link href={trainingPath(roomId)}>Compare the groups&rsquo; top threats</Link>.
      </p>
    )
  }
  if (!training) return null
  return (
    <p className="tb-muted" data-testid="training-link">
      Training · {training.name}: mark your top 3 below, then{' '}
      <Link href={`${trainingPath(training.trainingId)}?group=${encodeURIComponent(roomId)}`}>
        compare with the other groups
      </Link>
      .
    </p>
  )
}

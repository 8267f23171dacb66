import { useRoomModel } from '../model/RoomModelContext.tsx'
import { useTrainingOf } from '../model/useModel.ts'
import { Link } from '../routing/Link.tsx'
import { trainingPath } from '../routing/matchRoute.ts'

/**
 * In a training's group room: which group this is, and the way to the comparison (which shows
 * a group the expert threats once the facilitator has revealed them).
 */
export function TrainingLink() {
  const { roomId } = useRoomModel()
  const training = useTrainingOf()
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

import type { CreatedRoom } from '@threatboard/shared/api/access.ts'
import { writeSession } from '@threatboard/shared/doc/modelDoc.ts'
import { getMetaMap, SERVER_ORIGIN } from '@threatboard/shared/doc/roomDoc.ts'
import {
  compareTraining,
  newTrainingRecord,
  readGroupFindings,
  readTraining,
  templateElementNames,
  TRAINING_KEY,
  TRAINING_OF_KEY,
  type CreateTrainingBody,
  type GroupFindings,
  type TrainingComparison,
  type TrainingRecord,
} from '@threatboard/shared/templates/training.ts'
import { ApiError } from '../errors.ts'
import type { RoomDeps, UseCaseLog } from './deps.ts'
import { setRoomMeta } from './roomDoc.ts'
import { createRoom, initialSnapshot } from './rooms.ts'
import { fillFromTemplate, templateById } from './templates.ts'

const noTraining = () => new ApiError('NOT_FOUND', 'no training with that id')

/** A created training: the facilitator room and one room per group. */
export interface CreatedTraining {
  id: string
  template: string
  facilitator: CreatedRoom
  groups: (CreatedRoom & { name: string })[]
}

/**
 * Creates a facilitator room and one room per group from a template. The record (groups, expert
 * threats, reveal) is kept in the facilitator room's `tl_meta`, which only the server writes and
 * groups cannot open; each group room learns its training, so its board can link to the
 * comparison.
 */
export async function createTraining(
  deps: RoomDeps & { log: UseCaseLog },
  origin: string,
  body: CreateTrainingBody,
): Promise<CreatedTraining> {
  const template = templateById(body.template)
  const groups: (CreatedRoom & { name: string })[] = []
  for (let i = 1; i <= body.groups; i++) {
    const name = `Group ${i}`
    const fill = fillFromTemplate(template, (doc) =>
      writeSession(doc, { phase: 'training' }, SERVER_ORIGIN),
    )
    const room = await createRoom(
      deps,
      origin,
      `${body.title} — ${name}`,
      await initialSnapshot(fill),
    )
    groups.push({ name, ...room })
  }
  const record = newTrainingRecord(
    body.title,
    template,
    groups.map((g) => ({ name: g.name, roomId: g.id })),
  )
  const fill = fillFromTemplate(template, (doc) => {
    writeSession(doc, { phase: 'training' }, SERVER_ORIGIN)
    doc.transact(() => getMetaMap(doc).set(TRAINING_KEY, record), SERVER_ORIGIN)
  })
  const facilitator = await createRoom(
    deps,
    origin,
    `${body.title} — Facilitator`,
    await initialSnapshot(fill),
  )
  for (const g of groups) {
    const of = { trainingId: facilitator.id, name: g.name }
    await setRoomMeta(deps, g.id, TRAINING_OF_KEY, of)
  }
  return { id: facilitator.id, template: template.id, facilitator, groups }
}

/** The training record of a facilitator room (404 when the room runs none). */
export async function trainingOf({ store, rooms }: RoomDeps, id: string): Promise<TrainingRecord> {
  if (!(await store.getRoom(id))) throw noTraining()
  const training = await rooms.withRoom(id, (room) => readTraining(room.doc))
  if (!training) throw noTraining()
  return training
}

/** Each group's top three and recorded threats, read from its room (empty if it was deleted). */
async function findingsOf(
  { store, rooms }: RoomDeps,
  training: TrainingRecord,
): Promise<GroupFindings[]> {
  return Promise.all(
    training.groups.map(async (g) =>
      (await store.getRoom(g.roomId))
        ? rooms.withRoom(g.roomId, (room) => readGroupFindings(room.doc, g.name, g.roomId))
        : { name: g.name, roomId: g.roomId, top: [], recorded: new Set(), topKeys: new Set() },
    ),
  )
}

/** The groups' findings side by side, with the expert threats when `withExperts`. */
export async function trainingComparison(
  deps: RoomDeps,
  id: string,
  training: TrainingRecord,
  withExperts: boolean,
): Promise<TrainingComparison> {
  const names = templateElementNames(templateById(training.template))
  return compareTraining(id, training, await findingsOf(deps, training), names, withExperts)
}

/** Shows the expert threats to everyone (once: a second reveal keeps the first time). */
export async function revealTraining(deps: RoomDeps, id: string): Promise<TrainingComparison> {
  const training = await trainingOf(deps, id)
  const revealed = { ...training, revealedAt: training.revealedAt ?? Date.now() }
  await setRoomMeta(deps, id, TRAINING_KEY, revealed)
  return trainingComparison(deps, id, revealed, true)
}

import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify'
import {
  compareTraining,
  CreateTrainingBodySchema,
  getMetaMap,
  newTrainingRecord,
  readGroupFindings,
  readTraining,
  SERVER_ORIGIN,
  templateElementNames,
  TRAINING_KEY,
  TRAINING_OF_KEY,
  writeSession,
  type CreatedRoom,
  type GroupFindings,
  type TrainingComparison,
  type TrainingRecord,
} from '@threatboard/shared'
import { ApiError } from '../errors.ts'
import type { Role } from '../auth/authorize.ts'
import { parse } from './parse.ts'
import { openRoom, requireAdminToken, roomIdParam, roomRateLimit } from './roomGuard.ts'
import { createRoom, initialSnapshot } from './rooms.ts'
import { fillFromTemplate, templateById } from './templates.ts'

const noTraining = () => new ApiError('NOT_FOUND', 'no training with that id')

/** The training record of a facilitator room (404 when the room runs none). */
async function trainingOf(app: FastifyInstance, id: string): Promise<TrainingRecord> {
  if (!(await app.store.getRoom(id))) throw noTraining()
  const training = await app.rooms.withRoom(id, (room) => readTraining(room.doc))
  if (!training) throw noTraining()
  return training
}

/**
 * Who asks for a comparison: a token of the facilitator room (its role), or of one of the
 * groups' rooms ('group'). Anyone else gets the facilitator room's own 401.
 */
async function callerOf(
  app: FastifyInstance,
  req: FastifyRequest,
  id: string,
  training: TrainingRecord,
): Promise<Role | 'group'> {
  try {
    return (await app.authorize(req, id, 'read')).role
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== 'UNAUTHORIZED') throw err
    for (const g of training.groups) {
      const ok = await app.authorize(req, g.roomId, 'read').then(
        () => true,
        () => false,
      )
      if (ok) return 'group'
    }
    throw err
  }
}

/** Each group's top three and recorded threats, read from its room (empty if it was deleted). */
async function findingsOf(
  app: FastifyInstance,
  training: TrainingRecord,
): Promise<GroupFindings[]> {
  return Promise.all(
    training.groups.map(async (g) =>
      (await app.store.getRoom(g.roomId))
        ? app.rooms.withRoom(g.roomId, (room) => readGroupFindings(room.doc, g.name, g.roomId))
        : { name: g.name, roomId: g.roomId, top: [], recorded: new Set(), topKeys: new Set() },
    ),
  )
}

async function comparison(
  app: FastifyInstance,
  id: string,
  training: TrainingRecord,
  withExperts: boolean,
): Promise<TrainingComparison> {
  const names = templateElementNames(templateById(training.template))
  return compareTraining(id, training, await findingsOf(app, training), names, withExperts)
}

/**
 * Training mode (issue 14, docs/guidance.md#training-mode). `POST /api/trainings` creates a
 * facilitator room and one room per group from a template; the record (groups, expert threats,
 * reveal) is kept in the facilitator room's `tl_meta`, which only the server writes and groups
 * cannot open. `GET /api/trainings/:id` is the comparison; `POST /api/trainings/:id/reveal`
 * (the facilitator) shows the expert threats to everyone.
 */
export const trainingsRoutes: FastifyPluginAsync = async (app) => {
  const { adminToken, publicUrl, rateLimits } = app.config
  const roomLimit = roomRateLimit(app.config)

  app.post(
    '/api/trainings',
    { config: { rateLimit: { max: rateLimits.createPerMin, timeWindow: 60_000 } } },
    async (req, reply) => {
      requireAdminToken(adminToken, req)
      const body = parse(CreateTrainingBodySchema, req.body, 'training')
      const template = templateById(body.template)
      const groups: (CreatedRoom & { name: string })[] = []
      for (let i = 1; i <= body.groups; i++) {
        const name = `Group ${i}`
        const fill = fillFromTemplate(template, (doc) =>
          writeSession(doc, { phase: 'training' }, SERVER_ORIGIN),
        )
        const room = await createRoom(
          app.store,
          req,
          publicUrl,
          `${body.title} — ${name}`,
          initialSnapshot(fill),
        )
        groups.push({ name, ...room })
      }
      const record = newTrainingRecord(
        template,
        groups.map((g) => ({ name: g.name, roomId: g.id })),
      )
      const fill = fillFromTemplate(template, (doc) => {
        writeSession(doc, { phase: 'training' }, SERVER_ORIGIN)
        doc.transact(() => getMetaMap(doc).set(TRAINING_KEY, record), SERVER_ORIGIN)
      })
      const facilitator = await createRoom(
        app.store,
        req,
        publicUrl,
        `${body.title} — Facilitator`,
        initialSnapshot(fill),
      )
      // Each group room learns its training, so its board can link to the comparison.
      for (const g of groups) {
        const of = { trainingId: facilitator.id, name: g.name }
        await app.rooms.withRoom(g.id, (room) =>
          room.doc.transact(() => getMetaMap(room.doc).set(TRAINING_OF_KEY, of), SERVER_ORIGIN),
        )
      }
      req.log.info({ training: facilitator.id, groups: groups.length }, 'training created')
      return reply
        .code(201)
        .send({ id: facilitator.id, template: template.id, facilitator, groups })
    },
  )

  app.get('/api/trainings/:id', { config: roomLimit }, async (req) => {
    const id = roomIdParam(req.params)
    const training = await trainingOf(app, id)
    const caller = await callerOf(app, req, id, training)
    // The facilitator (the room's owner) sees the staged expert threats; others after the reveal.
    const withExperts = caller === 'owner' || training.revealedAt !== undefined
    return { ...(await comparison(app, id, training, withExperts)), role: caller }
  })

  app.post('/api/trainings/:id/reveal', { config: roomLimit }, async (req) => {
    const { roomId: id } = await openRoom(app, req, 'manage')
    const training = await trainingOf(app, id)
    const revealed = { ...training, revealedAt: training.revealedAt ?? Date.now() }
    await app.rooms.withRoom(id, (room) =>
      room.doc.transact(() => getMetaMap(room.doc).set(TRAINING_KEY, revealed), SERVER_ORIGIN),
    )
    req.log.info({ training: id }, 'training revealed')
    return { ...(await comparison(app, id, revealed, true)), role: 'owner' }
  })
}

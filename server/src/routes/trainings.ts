import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { TrainingRecord } from '@threatboard/shared/templates/training.ts'
import { ApiError } from '../errors.ts'
import type { Role } from '../auth/authorize.ts'
import type * as TrainingsUseCases from '../usecases/trainings.ts'
import { parse } from './parse.ts'
import { openRoom, requireAdminToken, roomIdParam, roomRateLimit } from './roomGuard.ts'
import { publicOrigin } from './rooms.ts'

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

/**
 * Training mode (issue 14, docs/guidance.md#training-mode) over HTTP; usecases/trainings.ts
 * creates, compares and reveals. `POST /api/trainings` creates a facilitator room and one room
 * per group from a template; `GET /api/trainings/:id` is the comparison; `POST
 * /api/trainings/:id/reveal` (the facilitator) shows the expert threats to everyone.
 */
/** The training use cases (and the templates and guidance they read) load on first use. */
const trainings = (): Promise<typeof TrainingsUseCases> => import('../usecases/trainings.ts')

export const trainingsRoutes: FastifyPluginAsync = async (app) => {
  const { adminToken, publicUrl, rateLimits } = app.config
  const roomLimit = roomRateLimit(app.config)

  app.post(
    '/api/trainings',
    { config: { rateLimit: { max: rateLimits.createPerMin, timeWindow: 60_000 } } },
    async (req, reply) => {
      requireAdminToken(adminToken, req)
      const { CreateTrainingBodySchema } = await import('@threatboard/shared/templates/training.ts')
      const body = parse(CreateTrainingBodySchema, req.body, 'training')
      const { createTraining } = await trainings()
      const created = await createTraining(
        { store: app.store, rooms: app.rooms, log: req.log },
        publicOrigin(req, publicUrl),
        body,
      )
      req.log.info({ training: created.id, groups: created.groups.length }, 'training created')
      return reply.code(201).send(created)
    },
  )

  app.get('/api/trainings/:id', { config: roomLimit }, async (req) => {
    const id = roomIdParam(req.params)
    const { trainingOf, trainingComparison } = await trainings()
    const training = await trainingOf(app, id)
    const caller = await callerOf(app, req, id, training)
    // The facilitator (the room's owner) sees the staged expert threats; others after the reveal.
    const withExperts = caller === 'owner' || training.revealedAt !== undefined
    return { ...(await trainingComparison(app, id, training, withExperts)), role: caller }
  })

  app.post('/api/trainings/:id/reveal', { config: roomLimit }, async (req) => {
    const { roomId: id } = await openRoom(app, req, 'manage')
    const { revealTraining } = await trainings()
    const comparison = await revealTraining(app, id)
    req.log.info({ training: id }, 'training revealed')
    return { ...comparison, role: 'owner' }
  })
}

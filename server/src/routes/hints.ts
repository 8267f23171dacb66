import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import type { FastifyPluginAsync } from 'fastify'
import {
  deleteEntity,
  getCollection,
  HINT_STATES,
  HintSchema,
  HintTargetSchema,
  parseEntity,
  readCollection,
  REVIEW_VERDICTS,
  SERVER_ORIGIN,
  writeEntity,
  type Hint,
} from '@threatboard/shared'
import { ApiError } from '../errors.ts'
import { parse } from './parse.ts'
import { openRoom, roomRateLimit } from './roomGuard.ts'

const PostHintBody = z.strictObject({
  text: HintSchema.shape.text,
  author: HintSchema.shape.author,
  target: HintTargetSchema,
  /** Staged: kept on the server, out of the shared document, until revealed. */
  hidden: z.boolean().default(false),
})
const PatchHintBody = z.strictObject({ state: z.enum(HINT_STATES) })
const PostReviewBody = z.strictObject({
  reviewer: z.string().trim().min(1, 'reviewer must not be empty').max(100),
  verdict: z.enum(REVIEW_VERDICTS),
  comment: z.string().max(5000),
  findings: z.string().max(5000).default(''),
})

const newId = (prefix: string) => `${prefix}${randomBytes(9).toString('base64url')}`

function hintIdParam(params: unknown): string {
  const id = (params as { hintId?: string }).hintId ?? ''
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new ApiError('BAD_REQUEST', 'invalid hint id')
  return id
}

/**
 * Hints and reviews are server-mediated writes: observers cannot write the document, so they
 * ask the server, which validates, attributes, timestamps and writes them as its own update.
 * Clients that write `tb_hints` or `tb_reviews` directly are refused (see modelGuard).
 */
export const hintsRoutes: FastifyPluginAsync = async (app) => {
  const { rateLimits } = app.config
  const hintLimit = { rateLimit: { max: rateLimits.hintsPerMin, timeWindow: 60_000 } }
  const roomLimit = roomRateLimit(app.config)

  app.post('/api/rooms/:id/hints', { config: hintLimit }, async (req, reply) => {
    const { roomId } = await openRoom(app, req, 'hint')
    const body = parse(PostHintBody, req.body, 'hint')
    const hint: Hint = parseEntity('hints', {
      id: newId('h'),
      text: body.text,
      author: body.author,
      target: body.target,
      createdAt: Date.now(),
      hidden: body.hidden,
      state: 'open',
    })
    if (hint.hidden) await app.store.putStagedHint(roomId, hint.id, JSON.stringify(hint))
    else
      await app.rooms.withRoom(roomId, (room) =>
        writeEntity(room.doc, 'hints', hint, SERVER_ORIGIN),
      )
    req.log.info({ room: roomId, hint: hint.id, hidden: hint.hidden }, 'hint posted')
    return reply.code(201).send(hint)
  })

  /** Staged hints are for observers and the owner only: editors must find the issue themselves. */
  app.get('/api/rooms/:id/hints/staged', { config: roomLimit }, async (req) => {
    const { roomId } = await openRoom(app, req, 'hint')
    const hints = (await app.store.listStagedHints(roomId)).map((j) => JSON.parse(j) as Hint)
    return { hints }
  })

  app.post('/api/rooms/:id/hints/:hintId/reveal', { config: roomLimit }, async (req) => {
    const hintId = hintIdParam(req.params)
    const { roomId } = await openRoom(app, req, 'hint')
    const json = await app.store.takeStagedHint(roomId, hintId)
    if (!json) throw new ApiError('NOT_FOUND', 'no staged hint with that id')
    const hint = { ...(JSON.parse(json) as Hint), hidden: false }
    await app.rooms.withRoom(roomId, (room) => writeEntity(room.doc, 'hints', hint, SERVER_ORIGIN))
    return hint
  })

  /** Editors (and the owner) acknowledge or resolve a hint. */
  app.patch('/api/rooms/:id/hints/:hintId', { config: roomLimit }, async (req) => {
    const hintId = hintIdParam(req.params)
    const { roomId } = await openRoom(app, req, 'edit')
    const { state } = parse(PatchHintBody, req.body, 'hint change')
    return app.rooms.withRoom(roomId, (room) => {
      const hint = readCollection(room.doc, 'hints').find((h) => h.id === hintId)
      if (!hint) throw new ApiError('NOT_FOUND', 'no hint with that id')
      const next = { ...hint, state }
      writeEntity(room.doc, 'hints', next, SERVER_ORIGIN)
      return next
    })
  })

  /**
   * Deleting is for the hint's author or the owner. Observers share one role token, so the
   * server can tell roles apart but not two observers: any observer counts as the author.
   */
  app.delete('/api/rooms/:id/hints/:hintId', { config: roomLimit }, async (req, reply) => {
    const hintId = hintIdParam(req.params)
    const { roomId } = await openRoom(app, req, 'hint')
    const staged = await app.store.takeStagedHint(roomId, hintId)
    const deleted =
      staged !== undefined ||
      (await app.rooms.withRoom(roomId, (room) => {
        if (!getCollection(room.doc, 'hints').has(hintId)) return false
        deleteEntity(room.doc, 'hints', hintId, SERVER_ORIGIN)
        return true
      }))
    if (!deleted) throw new ApiError('NOT_FOUND', 'no hint with that id')
    return reply.code(204).send()
  })

  app.post('/api/rooms/:id/reviews', { config: hintLimit }, async (req, reply) => {
    const { roomId } = await openRoom(app, req, 'review')
    const body = parse(PostReviewBody, req.body, 'review')
    const review = parseEntity('reviews', { id: newId('v'), ...body, at: Date.now() })
    await app.rooms.withRoom(roomId, (room) =>
      writeEntity(room.doc, 'reviews', review, SERVER_ORIGIN),
    )
    req.log.info({ room: roomId, verdict: review.verdict }, 'review recorded')
    return reply.code(201).send(review)
  })
}

import { z } from 'zod'
import type { FastifyPluginAsync } from 'fastify'
import {
  HINT_STATES,
  HintSchema,
  HintTargetSchema,
  REVIEW_VERDICTS,
} from '@threatboard/shared/domain/hint.ts'
import { NameSchema } from '@threatboard/shared/domain/common.ts'
import { ApiError } from '../errors.ts'
import {
  deleteHint,
  listStagedHints,
  postHint,
  postReview,
  revealHint,
  setHintState,
} from '../usecases/hints.ts'
import { parse } from './parse.ts'
import { openRoom, roomRateLimit } from './roomGuard.ts'

const PostHintBody = z.strictObject({
  text: HintSchema.shape.text,
  author: NameSchema('author', 100),
  target: HintTargetSchema,
  /** Staged: kept on the server, out of the shared document, until revealed. */
  hidden: z.boolean().default(false),
})
const PatchHintBody = z.strictObject({ state: z.enum(HINT_STATES) })
/** A review; asking for changes must say which (the team and the report show it). */
const PostReviewBody = z
  .strictObject({
    reviewer: NameSchema('reviewer', 100),
    verdict: z.enum(REVIEW_VERDICTS),
    comment: z.string().max(5000),
    findings: z.string().max(5000).default(''),
  })
  .refine((r) => r.verdict !== 'changes-requested' || r.comment.trim() !== '', {
    path: ['comment'],
    message: 'say what should change when requesting changes',
  })

function hintIdParam(params: unknown): string {
  const id = (params as { hintId?: string }).hintId ?? ''
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new ApiError('BAD_REQUEST', 'invalid hint id')
  return id
}

/**
 * Hints and reviews over HTTP (the writes themselves are in usecases/hints.ts). Clients that
 * write `tb_hints` or `tb_reviews` directly are refused (see modelGuard).
 */
export const hintsRoutes: FastifyPluginAsync = async (app) => {
  const { rateLimits } = app.config
  const hintLimit = { rateLimit: { max: rateLimits.hintsPerMin, timeWindow: 60_000 } }
  const roomLimit = roomRateLimit(app.config)

  app.post('/api/rooms/:id/hints', { config: hintLimit }, async (req, reply) => {
    const { roomId } = await openRoom(app, req, 'hint')
    const hint = await postHint(app, roomId, parse(PostHintBody, req.body, 'hint'))
    req.log.info({ room: roomId, hint: hint.id, hidden: hint.hidden }, 'hint posted')
    return reply.code(201).send(hint)
  })

  /** Staged hints are for observers and the owner only: editors must find the issue themselves. */
  app.get('/api/rooms/:id/hints/staged', { config: roomLimit }, async (req) => {
    const { roomId } = await openRoom(app, req, 'hint')
    return { hints: await listStagedHints(app, roomId) }
  })

  app.post('/api/rooms/:id/hints/:hintId/reveal', { config: roomLimit }, async (req) => {
    const hintId = hintIdParam(req.params)
    const { roomId } = await openRoom(app, req, 'hint')
    return revealHint(app, roomId, hintId)
  })

  /** Editors (and the owner) acknowledge or resolve a hint. */
  app.patch('/api/rooms/:id/hints/:hintId', { config: roomLimit }, async (req) => {
    const hintId = hintIdParam(req.params)
    const { roomId } = await openRoom(app, req, 'edit')
    const { state } = parse(PatchHintBody, req.body, 'hint change')
    return setHintState(app, roomId, hintId, state)
  })

  /**
   * Deleting is for the hint's author or the owner. Observers share one role token, so the
   * server can tell roles apart but not two observers: any observer counts as the author.
   */
  app.delete('/api/rooms/:id/hints/:hintId', { config: roomLimit }, async (req, reply) => {
    const hintId = hintIdParam(req.params)
    const { roomId } = await openRoom(app, req, 'hint')
    await deleteHint(app, roomId, hintId)
    return reply.code(204).send()
  })

  app.post('/api/rooms/:id/reviews', { config: hintLimit }, async (req, reply) => {
    const { roomId } = await openRoom(app, req, 'review')
    const review = await postReview(app, roomId, parse(PostReviewBody, req.body, 'review'))
    req.log.info({ room: roomId, verdict: review.verdict }, 'review recorded')
    return reply.code(201).send(review)
  })
}

import { z } from 'zod'
import { EntityIdSchema, LineSchema, TimeSchema } from './common.ts'

/** What a hint is attached to. */
export const HintTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('board') }),
  z.strictObject({
    kind: z.literal('element'),
    id: z.string().regex(/^shape:[A-Za-z0-9_-]{1,64}$/),
  }),
  z.strictObject({ kind: z.literal('threat'), id: EntityIdSchema }),
])

export const HINT_STATES = ['open', 'acknowledged', 'resolved'] as const

/** A security observer's nudge. Written only by the server, on an observer's request. */
export const HintSchema = z.strictObject({
  id: EntityIdSchema,
  text: LineSchema('hint', 2000),
  author: LineSchema('author', 100),
  target: HintTargetSchema,
  createdAt: TimeSchema,
  /** Staged: visible to observers only until revealed. */
  hidden: z.boolean(),
  state: z.enum(HINT_STATES),
})
export type Hint = z.infer<typeof HintSchema>

export const REVIEW_VERDICTS = ['reviewed', 'changes-requested'] as const

/** One review sign-off (or request for changes) by an observer. */
export const ReviewSchema = z.strictObject({
  id: EntityIdSchema,
  reviewer: LineSchema('reviewer', 100),
  verdict: z.enum(REVIEW_VERDICTS),
  comment: z.string().max(5000),
  findings: z.string().max(5000).default(''),
  at: TimeSchema,
})
export type Review = z.infer<typeof ReviewSchema>

import { z } from 'zod'
import { EntityIdSchema, LineSchema, TextSchema, UrlSchema } from './common.ts'
import { TicketKeySchema } from './ticket.ts'

export const PRIORITIES = ['high', 'medium', 'low'] as const
export type Priority = (typeof PRIORITIES)[number]

/** The fixed meaning of each priority, shown wherever a priority is. */
export const PRIORITY_MEANING: Record<Priority, string> = {
  high: 'Do this first, or get approval not to.',
  medium: 'Do this, or get approval not to.',
  low: 'Do this if you want.',
}

export const RECOMMENDATION_STATUSES = [
  'proposed',
  'accepted',
  'in-progress',
  'done',
  'exception',
] as const
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number]

export const ExceptionSchema = z.strictObject({
  approvedBy: LineSchema('approver'),
  reason: LineSchema('reason', 2000),
})

/** The useful output of a session: what to do, why (the threats), who, how urgent. */
export const RecommendationSchema = z
  .strictObject({
    id: EntityIdSchema,
    text: LineSchema('text', 2000),
    priority: z.enum(PRIORITIES, {
      error: () => `priority must be one of ${PRIORITIES.join(', ')}`,
    }),
    threatIds: z
      .array(EntityIdSchema)
      .min(1, 'a recommendation must answer at least one threat')
      .max(100),
    owner: TextSchema('owner', 200).default(''),
    /** Its ticket: a link, or a key (`BILL-104`) linked through the session's URL template. */
    ticketUrl: UrlSchema.optional(),
    ticketKey: TicketKeySchema.optional(),
    status: z.enum(RECOMMENDATION_STATUSES, {
      error: () => `status must be one of ${RECOMMENDATION_STATUSES.join(', ')}`,
    }),
    exception: ExceptionSchema.optional(),
  })
  .refine((r) => r.status !== 'exception' || r.exception !== undefined, {
    message: 'an exception must say who approved it and why',
    path: ['exception'],
  })
export type Recommendation = z.infer<typeof RecommendationSchema>

/** Priority order for sorting: high first. */
export const PRIORITY_RANK: Record<Priority, number> = { high: 0, medium: 1, low: 2 }
export const RECOMMENDATION_STATUS_RANK: Record<RecommendationStatus, number> = {
  'in-progress': 0,
  accepted: 1,
  proposed: 2,
  exception: 3,
  done: 4,
}

/** Checks the rule the schema alone cannot: every answered threat exists. */
export function missingThreats(rec: Pick<Recommendation, 'threatIds'>, threatIds: Set<string>) {
  return rec.threatIds.filter((id) => !threatIds.has(id))
}

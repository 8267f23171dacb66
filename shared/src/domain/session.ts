import { z } from 'zod'
import { EntityIdSchema, LineSchema, TextSchema, TimeSchema, UrlSchema } from './common.ts'
import { TicketKeySchema, TicketUrlTemplateSchema } from './ticket.ts'

export const SESSION_SIZES = ['small', 'medium', 'large'] as const
export type SessionSize = (typeof SESSION_SIZES)[number]

/** Default timebox and expected output of each session size. */
export const SESSION_SIZE_INFO: Record<SessionSize, { minutes: number; output: string }> = {
  small: { minutes: 30, output: 'recommendations in a ticket' },
  medium: { minutes: 60, output: 'a one-page report' },
  large: { minutes: 120, output: 'a full report' },
}

export const TEAM_PHASES = [
  'traditional',
  'training',
  'observation',
  'review',
  'security-optional',
] as const
export type TeamPhase = (typeof TEAM_PHASES)[number]

/** Roles the participants field suggests; any other role a team uses is kept as typed. */
export const PARTICIPANT_ROLES = [
  'facilitator',
  'participant',
  'security-observer',
  'product-manager',
  'lead-engineer',
] as const

/** How many participants a session lists, and how long a participant's name may be. */
export const MAX_PARTICIPANTS = 100
export const MAX_PARTICIPANT_NAME = 100

export const ParticipantSchema = z.strictObject({
  name: LineSchema('participant name', MAX_PARTICIPANT_NAME),
  role: z.string().trim().max(100, 'a participant role must be at most 100 characters'),
})

const list = (what: string) => z.array(LineSchema(what, 500)).max(100)

/** The scope and framing of one threat-modeling session (one room). */
export const SessionSchema = z.strictObject({
  description: TextSchema('description').default(''),
  goals: list('goal').default([]),
  peopleAffected: TextSchema('people affected', 2000).default(''),
  newData: TextSchema('new data', 2000).default(''),
  inScope: list('in-scope item').default([]),
  outOfScope: list('out-of-scope item').default([]),
  participants: z.array(ParticipantSchema).max(MAX_PARTICIPANTS).default([]),
  size: z.enum(SESSION_SIZES).default('medium'),
  timeboxMinutes: z.number().int().min(5).max(600).default(60),
  phase: z.enum(TEAM_PHASES).default('observation'),
  /** The session's security ticket: a link, or a key linked through `ticketUrlTemplate`. */
  ticketUrl: UrlSchema.optional(),
  ticketKey: TicketKeySchema.optional(),
  /** How ticket keys become links in this room, e.g. `https://tracker.example/browse/{key}`. */
  ticketUrlTemplate: TicketUrlTemplateSchema.optional(),
  /** The answer to "what is the last thing you want to happen?" */
  lastThing: TextSchema('last thing', 2000).default(''),
  /** When the facilitator started the session timer. */
  startedAt: TimeSchema.optional(),
  /** The facilitator shows everyone the guidance's threat suggestions (issue 14). */
  showSuggestions: z.boolean().optional(),
  /** A training group's top three threats, by id (issue 14, training mode). */
  topThreats: z
    .array(EntityIdSchema)
    .max(3, 'a group marks at most three top threats')
    .refine((ids) => new Set(ids).size === ids.length, 'a threat is marked top once')
    .optional(),
})
export type Session = z.infer<typeof SessionSchema>

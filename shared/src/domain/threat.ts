import { z } from 'zod'
import { EntityIdSchema, LEVELS, LineSchema, TextSchema, TimeSchema } from './common.ts'
import { StrideCategorySchema } from './stride.ts'

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const
export type Severity = (typeof SEVERITIES)[number]
export const SeveritySchema = z.enum(SEVERITIES, {
  error: () => `severity must be one of ${SEVERITIES.join(', ')}`,
})

export const THREAT_STATUSES = [
  'open',
  'mitigated',
  'accepted',
  'transferred',
  'not-applicable',
] as const
export type ThreatStatus = (typeof THREAT_STATUSES)[number]

/** What a threat targets: diagram elements (tldraw shape ids) and/or catalogue assets. */
export const ThreatTargetsSchema = z.strictObject({
  elements: z.array(z.string().regex(/^shape:[A-Za-z0-9_-]{1,64}$/, 'must be a shape id')).max(50),
  assets: z.array(EntityIdSchema).max(50),
})

/** A STRIDE threat, shown on the board as a card bound to its target. */
export const ThreatSchema = z.strictObject({
  id: EntityIdSchema,
  category: StrideCategorySchema,
  title: LineSchema('title'),
  description: TextSchema('description').default(''),
  targets: ThreatTargetsSchema,
  severity: SeveritySchema,
  likelihood: z.enum(LEVELS).optional(),
  impact: z.enum(LEVELS).optional(),
  status: z.enum(THREAT_STATUSES, {
    error: () => `status must be one of ${THREAT_STATUSES.join(', ')}`,
  }),
  /** How the threat is or will be mitigated (kept for Threat Dragon interop). */
  mitigation: TextSchema('mitigation').default(''),
  author: TextSchema('author', 100).default(''),
  createdAt: TimeSchema,
})
export type Threat = z.infer<typeof ThreatSchema>

/** Severity order for sorting: critical first. */
export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 }

/**
 * The severity that a threat's likelihood and impact give together, by OWASP's risk rating
 * matrix (its "note" counted as low); undefined until both are set. The side panel offers it,
 * the severity stays what people choose.
 */
export function severityFromRisk(
  likelihood: Threat['likelihood'],
  impact: Threat['impact'],
): Severity | undefined {
  if (!likelihood || !impact) return undefined
  const matrix: Record<
    NonNullable<Threat['impact']>,
    Record<NonNullable<Threat['likelihood']>, Severity>
  > = {
    high: { low: 'medium', medium: 'high', high: 'critical' },
    medium: { low: 'low', medium: 'medium', high: 'high' },
    low: { low: 'low', medium: 'low', high: 'medium' },
  }
  return matrix[impact][likelihood]
}

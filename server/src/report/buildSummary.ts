import type { Review } from '@threatboard/shared/domain/hint.ts'
import type { RecommendationStatus } from '@threatboard/shared/domain/recommendation.ts'
import {
  STRIDE,
  type DfdElementKind,
  type StrideCategory,
} from '@threatboard/shared/domain/stride.ts'
import { SEVERITIES, type Severity, type Threat } from '@threatboard/shared/domain/threat.ts'
import {
  missingCategories,
  summarizeCoverage,
  type CoverageSummary,
  type ElementCoverage,
} from '@threatboard/shared/guidance/elementCoverage.ts'

/** Where the model stands with its security reviewers: the latest review decides. */
export interface ReviewState {
  state: 'not-reviewed' | 'reviewed' | 'changes-requested'
  reviewer?: string
  /** Epoch milliseconds of the latest review. */
  at?: number
  /** How many reviews the model has had. */
  reviews: number
  /** What the latest review said (what was checked, what is missing), when it said anything. */
  comment?: string
}

/**
 * How far the team went through STRIDE (the board's coverage overlay): expected (element,
 * category) pairs considered per kind and for the board, and the in-scope elements with an
 * expected category nobody considered, least covered first.
 */
export interface ReportCoverage extends CoverageSummary {
  gaps: { id: string; kind: DfdElementKind; name: string; missing: StrideCategory[] }[]
}

/** The facts of the report's first page (the rest of the report has the detail). */
export interface ReportSummary {
  review: ReviewState
  /** Every threat by severity (`open`: of those, still open). */
  threatsBySeverity: Record<Severity, { total: number; open: number }>
  threatsByCategory: Record<StrideCategory, number>
  /** Open Critical and High threats no recommendation answers, worst first. */
  openSevereUnanswered: Pick<Threat, 'id' | 'title' | 'category' | 'severity'>[]
  /** High-priority recommendations and who owns them, in the report's order. */
  highRecommendations: { id: string; text: string; owner: string; status: RecommendationStatus }[]
  coverage: ReportCoverage
}

export function reviewState(reviews: Review[]): ReviewState {
  const last = reviews.at(-1)
  if (!last) return { state: 'not-reviewed', reviews: 0 }
  return {
    state: last.verdict === 'reviewed' ? 'reviewed' : 'changes-requested',
    reviewer: last.reviewer,
    at: last.at,
    reviews: reviews.length,
    ...(last.comment.trim() ? { comment: last.comment } : {}),
  }
}

export function buildSummary(input: {
  threats: Threat[]
  reviews: Review[]
  unanswered: Pick<Threat, 'id' | 'title' | 'category' | 'severity'>[]
  recommendations: {
    id: string
    text: string
    owner: string
    status: RecommendationStatus
    priority: string
  }[]
  /** `coverageForRoom` of the room: the same function the board's overlay runs. */
  coverage: ElementCoverage[]
}): ReportSummary {
  const bySeverity = Object.fromEntries(
    SEVERITIES.map((s) => [s, { total: 0, open: 0 }]),
  ) as Record<Severity, { total: number; open: number }>
  const byCategory = Object.fromEntries(STRIDE.map((c) => [c, 0])) as Record<StrideCategory, number>
  for (const t of input.threats) {
    bySeverity[t.severity].total++
    if (t.status === 'open') bySeverity[t.severity].open++
    byCategory[t.category]++
  }
  return {
    review: reviewState(input.reviews),
    threatsBySeverity: bySeverity,
    threatsByCategory: byCategory,
    openSevereUnanswered: input.unanswered.filter(
      (t) => t.severity === 'critical' || t.severity === 'high',
    ),
    highRecommendations: input.recommendations
      .filter((r) => r.priority === 'high')
      .map(({ id, text, owner, status }) => ({ id, text, owner, status })),
    coverage: {
      ...summarizeCoverage(input.coverage),
      gaps: input.coverage
        .map((c) => ({ id: c.id, kind: c.kind, name: c.name, missing: missingCategories(c) }))
        .filter((g) => g.missing.length > 0),
    },
  }
}

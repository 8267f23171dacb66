import {
  count,
  type CoverageSummary,
  type Recommendation,
  type Session,
  type Threat,
} from '@threatboard/shared'

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)

export interface Step {
  key: 'scope' | 'diagram' | 'assets' | 'threats' | 'coverage' | 'prioritise' | 'recommendations'
  label: string
  done: boolean
  detail: string
}

/** The steps of a session, each with progress derived from the model (nothing is ticked by hand). */
export function sessionSteps(input: {
  session: Session
  /** DFD elements and data flows on the board, every page counted. */
  diagram: { elements: number; flows: number }
  assetCount: number
  threats: Threat[]
  recommendations: Recommendation[]
  /** STRIDE coverage of the in-scope elements (the coverage overlay's summary). */
  coverage: CoverageSummary
}): Step[] {
  const { session, threats, recommendations } = input
  // Medium is what a new card starts with: it counts as rated once someone has set a
  // likelihood or an impact on it (the threat row's selects), or chosen another severity.
  const rated = threats.filter((t) => t.severity !== 'medium' || t.likelihood || t.impact).length
  const urgent = threats.filter(
    (t) => t.status === 'open' && (t.severity === 'critical' || t.severity === 'high'),
  )
  const answered = urgent.filter((t) =>
    recommendations.some((r) => r.threatIds.includes(t.id)),
  ).length
  return [
    {
      key: 'scope',
      label: 'Scope',
      done: session.inScope.length > 0 && session.outOfScope.length > 0,
      detail: `${session.inScope.length} in, ${session.outOfScope.length} out`,
    },
    {
      key: 'diagram',
      label: 'Diagram',
      // Something to threat-model: at least two elements (a flow needs two ends).
      done: input.diagram.elements >= 2,
      detail: `${count(input.diagram.elements, 'element')}, ${count(input.diagram.flows, 'flow')}`,
    },
    {
      key: 'assets',
      label: 'Assets',
      done: input.assetCount > 0,
      detail: count(input.assetCount, 'asset'),
    },
    {
      key: 'threats',
      label: 'Threats',
      done: threats.length > 0,
      detail: count(threats.length, 'threat'),
    },
    {
      // Done when every in-scope element was considered under each category its kind calls
      // for (the coverage overlay's board figure).
      key: 'coverage',
      label: 'Coverage',
      done: input.coverage.percent === 100,
      detail:
        input.coverage.percent === null
          ? 'no in-scope elements yet'
          : `${input.coverage.percent} %: ${input.coverage.board.considered} of the ${input.coverage.board.expected} STRIDE categories the in-scope elements call for considered`,
    },
    {
      key: 'prioritise',
      label: 'Prioritise',
      done: threats.length > 0 && rated === threats.length,
      detail:
        rated === threats.length
          ? `${rated} of ${threats.length} rated`
          : `${rated} of ${threats.length} rated: give each Medium threat a likelihood or impact`,
    },
    {
      key: 'recommendations',
      label: 'Recommendations',
      done: recommendations.length > 0 && answered === urgent.length,
      detail: `${answered} of ${urgent.length} open critical/high threats answered`,
    },
  ]
}

/**
 * "Name, role" lines: the role is what follows the last comma, kept as typed (teams have their
 * own roles); a line without one is a participant.
 */
export function parseParticipants(text: string): Session['participants'] {
  return lines(text).map((line) => {
    const comma = line.lastIndexOf(',')
    const name = comma < 0 ? line : line.slice(0, comma).trim()
    const role = comma < 0 ? '' : line.slice(comma + 1).trim()
    return name ? { name, role: role || 'participant' } : { name: line, role: 'participant' }
  })
}

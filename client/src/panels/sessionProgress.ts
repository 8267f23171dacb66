import {
  PARTICIPANT_ROLES,
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
  key: 'scope' | 'diagram' | 'assets' | 'threats' | 'prioritise' | 'recommendations'
  label: string
  done: boolean
  detail: string
}

/** The steps of a session, each with progress derived from the model (nothing is ticked by hand). */
export function sessionSteps(input: {
  session: Session
  elementCount: number
  assetCount: number
  threats: Threat[]
  recommendations: Recommendation[]
}): Step[] {
  const { session, threats, recommendations } = input
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
      done: input.elementCount >= 2,
      detail: `${input.elementCount} elements`,
    },
    {
      key: 'assets',
      label: 'Assets',
      done: input.assetCount > 0,
      detail: `${input.assetCount} assets`,
    },
    {
      key: 'threats',
      label: 'Threats',
      done: threats.length > 0,
      detail: `${threats.length} threats`,
    },
    {
      key: 'prioritise',
      label: 'Prioritise',
      done: threats.length > 0 && rated === threats.length,
      detail: `${rated} of ${threats.length} rated`,
    },
    {
      key: 'recommendations',
      label: 'Recommendations',
      done: recommendations.length > 0 && answered === urgent.length,
      detail: `${answered} of ${urgent.length} open critical/high threats answered`,
    },
  ]
}

/** "Name, role" lines; an unknown or missing role counts as a participant. */
export function parseParticipants(text: string): Session['participants'] {
  return lines(text).map((line) => {
    const [name = '', role = ''] = line.split(/,(?=[^,]*$)/).map((x) => x.trim())
    const known = (PARTICIPANT_ROLES as readonly string[]).includes(role)
    return {
      name: known ? name : line,
      role: (known ? role : 'participant') as Session['participants'][number]['role'],
    }
  })
}

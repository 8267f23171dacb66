import type { Level } from '../domain/common.ts'
import type { Priority, RecommendationStatus } from '../domain/recommendation.ts'
import type { Severity } from '../domain/threat.ts'
import type { DfdNodeKind } from '../shapes/boardShapes.ts'
import {
  fit,
  InteropError,
  lineOf,
  lookup,
  type ImportResult,
  type InteropThreat,
} from './model.ts'
import { guessCategory } from './tmBomLayout.ts'
import { lines, type TmBom } from './tmBomSchema.ts'

const SEVERITY_OF_LEVEL: Record<string, Severity> = {
  very_low: 'low',
  low: 'low',
  medium: 'medium',
  high: 'high',
  very_high: 'critical',
  critical: 'critical',
}
const SEVERITY_OF_PRIORITY: Record<string, Severity> = {
  low: 'low',
  medium: 'medium',
  high: 'high',
  critical: 'critical',
}
const LIKELIHOOD: Record<string, Level> = {
  rare: 'low',
  unlikely: 'low',
  possible: 'medium',
  likely: 'high',
  certain: 'high',
}
const PRIORITY: Record<string, Priority> = {
  none: 'low',
  low: 'low',
  medium: 'medium',
  high: 'high',
  critical: 'high',
}
const REC_STATUS: Record<string, RecommendationStatus> = {
  suggested: 'proposed',
  under_review: 'proposed',
  approved: 'accepted',
  scheduled: 'accepted',
  active: 'done',
  assumed: 'done',
}
/** Controls in place: a threat with one of these is mitigated. */
const IN_PLACE = new Set(['active', 'assumed'])
const SEVERITY_ORDER: Severity[] = ['low', 'medium', 'high', 'critical']
const higher = (a: Severity | undefined, b: Severity) =>
  a === undefined || SEVERITY_ORDER.indexOf(b) > SEVERITY_ORDER.indexOf(a) ? b : a

/** Threats, with their risks' ratings and their controls as mitigation and recommendations. */
export function readThreats(
  file: TmBom,
  model: ImportResult['model'],
  known: { kindOf: Map<string, DfdNodeKind>; zoneIds: Set<string> },
  warnings: string[],
) {
  const personas = new Map((file.threat_personas ?? []).map((p) => [p.symbolic_name, p]))
  const risksOf = new Map<string, NonNullable<TmBom['risks']>>()
  for (const r of file.risks ?? []) {
    for (const t of new Set(r.threats)) {
      const of = risksOf.get(t)
      if (of) of.push(r)
      else risksOf.set(t, [r])
    }
  }
  const controlsOf = new Map<string, NonNullable<TmBom['controls']>>()
  for (const c of file.controls ?? []) {
    for (const t of new Set(c.threats)) {
      const of = controlsOf.get(t)
      if (of) of.push(c)
      else controlsOf.set(t, [c])
    }
  }
  const threatIds = new Set<string>()
  for (const t of file.threats ?? []) {
    const where = `threat ${t.symbolic_name}`
    if (threatIds.has(t.symbolic_name)) throw new InteropError(where, 'symbolic name used twice')
    threatIds.add(t.symbolic_name)
    const persona = t.threat_persona !== undefined ? personas.get(t.threat_persona) : undefined
    const risks = risksOf.get(t.symbolic_name) ?? []
    const controls = controlsOf.get(t.symbolic_name) ?? []
    const description = lines(
      t.description,
      t.event && `Event: ${t.event}`,
      t.sources?.length && `Sources: ${t.sources.join(', ')}`,
      ...(t.attack_mechanisms ?? []).map(
        (m) => `CAPEC-${m.capec_id}${m.capec_title ? `: ${m.capec_title}` : ''}`,
      ),
      ...(t.weaknesses ?? []).map((w) => `CWE-${w.cwe_id}${w.cwe_title ? `: ${w.cwe_title}` : ''}`),
      persona &&
        `Threat persona: ${persona.title}${persona.skill_level ? ` (${persona.skill_level})` : ''}`,
      ...risks.map(
        (r) =>
          `Risk: ${r.title} (${[r.level, r.likelihood && `${r.likelihood} likelihood`, r.impact && `${r.impact} impact`].filter(Boolean).join(', ')})`,
      ),
    )
    // Severity: the highest risk level naming it, else its most urgent control's priority.
    let severity: Severity | undefined
    let likelihood: Level | undefined
    for (const r of risks) {
      const s = lookup(SEVERITY_OF_LEVEL, r.level ?? '')
      if (s) severity = higher(severity, s)
      likelihood ??= lookup(LIKELIHOOD, r.likelihood ?? '')
    }
    if (!severity) {
      for (const c of controls) {
        const s = lookup(SEVERITY_OF_PRIORITY, c.priority)
        if (s) severity = higher(severity, s)
      }
    }
    if (!severity) warnings.push(`${where}: no risk or control rates it; imported as Medium`)
    const { category, guessed } = guessCategory(t.title, `${t.description ?? ''} ${t.event ?? ''}`)
    warnings.push(`${where}: TM-BOM has no STRIDE category; guessed ${guessed} from its words`)
    // Targets: the components it affects; else the trust zones its controls guard.
    let targets = (t.components_affected ?? []).filter((c) => {
      if (known.kindOf.has(c)) return true
      warnings.push(`${where}: affected component ${c} does not exist`)
      return false
    })
    if (targets.length === 0) {
      const zones = controls.flatMap((c) =>
        c.trust_boundary ? [c.trust_boundary.trust_zone_a, c.trust_boundary.trust_zone_b] : [],
      )
      targets = [...new Set(zones.filter((z) => known.zoneIds.has(z)))]
      warnings.push(
        targets.length > 0
          ? `${where}: names no affected component; placed on the trust zones its controls guard (${targets.join(', ')})`
          : `${where}: names no affected component; listed without a card`,
      )
    }
    const threat: InteropThreat = {
      id: t.symbolic_name,
      targets: [...new Set(targets)],
      title: lineOf(t.title, 'Untitled threat', 200, `${where} title`, warnings),
      category,
      severity: severity ?? 'medium',
      status: controls.some((c) => IN_PLACE.has(c.status)) ? 'mitigated' : 'open',
      description: fit(description, 5000, `${where} description`, warnings),
      mitigation: fit(
        controls.map((c) => `${c.status.replaceAll('_', ' ')}: ${c.title}`).join('\n'),
        5000,
        `${where} controls`,
        warnings,
      ),
    }
    if (likelihood) threat.likelihood = likelihood
    model.threats.push(threat)
  }
  for (const c of file.controls ?? []) {
    const where = `control ${c.symbolic_name}`
    const answers = [...new Set(c.threats)].filter((t) => threatIds.has(t))
    if (answers.length === 0) {
      warnings.push(`${where}: answers no threat of the file; left out`)
      continue
    }
    let status = lookup(REC_STATUS, c.status)
    if (!status) {
      warnings.push(`${where}: status "${c.status}" imported as proposed`)
      status = 'proposed'
    }
    const across = c.trust_boundary
      ? ` (across ${c.trust_boundary.trust_zone_a} ↔ ${c.trust_boundary.trust_zone_b})`
      : ''
    model.recommendations.push({
      id: c.symbolic_name,
      text: lineOf(
        `${c.title}${c.description ? `: ${c.description}` : ''}${across}`,
        c.symbolic_name,
        2000,
        where,
        warnings,
      ),
      priority: lookup(PRIORITY, c.priority) ?? 'medium',
      status,
      threatIds: answers.slice(0, 100),
    })
  }
}

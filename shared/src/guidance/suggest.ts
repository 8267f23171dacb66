import type { Priority } from '../domain/recommendation.ts'
import type { StrideCategory } from '../domain/stride.ts'
import type { DiagramFacts, ElementFacts } from './diagramFacts.ts'
import type { FactsOf } from './rule.ts'
import { GUIDANCE_RULES, type AnyGuidanceRule } from './rules/guidanceRules.ts'

/** One suggested threat: a rule that fired for one element. */
export interface Suggestion {
  ruleId: string
  /** The tldraw shape id of the element (a DFD node or a data-flow arrow). */
  elementId: string
  category: StrideCategory
  title: string
  description: string
  recommendation: { text: string; priority: Priority }
  rationale: string
}

/**
 * What the team has already considered: threats recorded on elements (an element and category
 * with a threat needs no suggestion) and suggestions dismissed one by one.
 */
export interface Considered {
  /** `coveredKey(elementId, category)` of every recorded threat's targets. */
  covered: ReadonlySet<string>
  /** `dismissedKey(ruleId, elementId)` of every dismissed suggestion. */
  dismissed: ReadonlySet<string>
}

export const coveredKey = (elementId: string, category: StrideCategory) =>
  `${elementId}|${category}`
export const dismissedKey = (ruleId: string, elementId: string) => `${ruleId}|${elementId}`

/**
 * The considered set from the model's threats, the dismissed suggestions and the categories
 * marked "considered, none found" on an element (which cover it as a threat would).
 */
export function consideredFrom(
  threats: readonly { category: StrideCategory; targets: { elements: readonly string[] } }[],
  dismissed: readonly { ruleId: string; elementId: string }[] = [],
  noneFound: readonly { elementId: string; category: StrideCategory }[] = [],
): Considered {
  return {
    covered: new Set([
      ...threats.flatMap((t) => t.targets.elements.map((id) => coveredKey(id, t.category))),
      ...noneFound.map((n) => coveredKey(n.elementId, n.category)),
    ]),
    dismissed: new Set(dismissed.map((d) => dismissedKey(d.ruleId, d.elementId))),
  }
}

export const NOTHING_CONSIDERED: Considered = { covered: new Set(), dismissed: new Set() }

const PRIORITY_ORDER: Record<Priority, number> = { high: 0, medium: 1, low: 2 }

function applies(rule: AnyGuidanceRule, facts: DiagramFacts, element: ElementFacts): boolean {
  if (rule.appliesTo !== element.kind) return false
  // The kinds match, so the element has the type this rule's `when` expects.
  const when = rule.when as (f: DiagramFacts, e: FactsOf<typeof element.kind>) => boolean
  return when(facts, element as never)
}

/**
 * Every suggestion the rules make for the in-scope elements of a diagram, whatever the team has
 * considered, high priority first. It depends on the diagram alone, so a board can keep it
 * while only the threats change and take out what they cover with `notConsidered`.
 */
export function applicableSuggestions(
  facts: DiagramFacts,
  rules: readonly AnyGuidanceRule[] = GUIDANCE_RULES,
): Suggestion[] {
  const out: Suggestion[] = []
  for (const element of facts.elements) {
    if (!element.inScope) continue
    for (const rule of rules) {
      if (!applies(rule, facts, element)) continue
      const title = (rule.title as (e: ElementFacts) => string)(element)
      out.push({
        ruleId: rule.id,
        elementId: element.id,
        category: rule.category,
        title,
        description: rule.description,
        recommendation: rule.recommendation,
        rationale: rule.rationale,
      })
    }
  }
  return out.sort(
    (a, b) => PRIORITY_ORDER[a.recommendation.priority] - PRIORITY_ORDER[b.recommendation.priority],
  )
}

/** The suggestions the team has not covered with a threat, dismissed or marked "none found". */
export function notConsidered(
  suggestions: readonly Suggestion[],
  considered: Considered,
): Suggestion[] {
  return suggestions.filter(
    (s) =>
      !considered.covered.has(coveredKey(s.elementId, s.category)) &&
      !considered.dismissed.has(dismissedKey(s.ruleId, s.elementId)),
  )
}

/**
 * The threats the rules suggest for the in-scope elements of a diagram, high priority first,
 * leaving out those the team has already covered or dismissed. Pure: same facts, same answer.
 */
export function suggest(
  facts: DiagramFacts,
  considered: Considered = NOTHING_CONSIDERED,
  rules: readonly AnyGuidanceRule[] = GUIDANCE_RULES,
): Suggestion[] {
  return notConsidered(applicableSuggestions(facts, rules), considered)
}

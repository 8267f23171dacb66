import {
  GUIDANCE_RULES,
  STRIDE,
  STRIDE_PER_ELEMENT,
  type DfdElementKind,
  type ElementFacts,
  type StrideCategory,
} from '@threatboard/shared'

/** How far the team has gone through STRIDE on one element. */
export interface ElementCoverage {
  id: string
  kind: DfdElementKind
  name: string
  /** The categories STRIDE-per-element usually asks about for this kind. */
  expected: readonly StrideCategory[]
  /** Categories with a threat on the element, or a dismissed suggestion of that category. */
  considered: ReadonlySet<StrideCategory>
}

const RULE_CATEGORY = new Map(GUIDANCE_RULES.map((r) => [r.id, r.category]))

/**
 * Coverage of each in-scope element: which STRIDE categories were considered (a threat
 * targets it, or someone dismissed a suggestion of that category on it) against those its
 * kind usually calls for. Elements are listed least covered first.
 */
export function elementCoverage(
  elements: readonly ElementFacts[],
  threats: readonly { category: StrideCategory; targets: { elements: readonly string[] } }[],
  dismissals: readonly { ruleId: string; elementId: string }[],
): ElementCoverage[] {
  const considered = new Map<string, Set<StrideCategory>>()
  const add = (id: string, category: StrideCategory) => {
    const set = considered.get(id) ?? new Set<StrideCategory>()
    set.add(category)
    considered.set(id, set)
  }
  for (const t of threats) for (const id of t.targets.elements) add(id, t.category)
  for (const d of dismissals) {
    const category = RULE_CATEGORY.get(d.ruleId)
    if (category) add(d.elementId, category)
  }
  return elements
    .filter((e) => e.inScope)
    .map((e) => ({
      id: e.id,
      kind: e.kind,
      name: e.name.replace(/\s+/g, ' ').trim(),
      expected: STRIDE_PER_ELEMENT[e.kind],
      considered: considered.get(e.id) ?? new Set<StrideCategory>(),
    }))
    .sort((a, b) => missing(b).length - missing(a).length || a.name.localeCompare(b.name))
}

/** The expected categories nobody has considered yet on this element. */
export const missing = (c: ElementCoverage): StrideCategory[] =>
  c.expected.filter((cat) => !c.considered.has(cat))

/** All six categories in STRIDE order, for a compact row of letters. */
export const ALL_CATEGORIES = STRIDE

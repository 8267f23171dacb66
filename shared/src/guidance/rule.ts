import type { Priority } from '../domain/recommendation.ts'
import type { DfdElementKind, StrideCategory } from '../domain/stride.ts'
import type { DiagramFacts, ElementFacts } from './diagramFacts.ts'

/** The facts of one element kind. */
export type FactsOf<K extends DfdElementKind> = Extract<ElementFacts, { kind: K }>

/**
 * One guidance rule: a condition on the diagram and the element's properties that suggests a
 * STRIDE threat for that element. `when` must look at more than the element's kind (a test
 * checks that a bare element of every kind gets no suggestion).
 */
export interface GuidanceRule<K extends DfdElementKind = DfdElementKind> {
  id: string
  category: StrideCategory
  appliesTo: K
  when: (facts: DiagramFacts, element: FactsOf<K>) => boolean
  title: (element: FactsOf<K>) => string
  description: string
  recommendation: { text: string; priority: Priority }
  /** Why the rule fires: which facts of the diagram it reads, in a sentence. */
  rationale: string
}

/** Builds a rule with its element type checked against `appliesTo`. */
export const defineRule = <K extends DfdElementKind>(rule: GuidanceRule<K>): GuidanceRule<K> => rule

/** An element's name for a title; unnamed elements get their kind. */
export const nameOf = (e: { name: string; kind: string }) =>
  e.name.replace(/\s+/g, ' ').trim() || `this ${e.kind.replace('-', ' ')}`

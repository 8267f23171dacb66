import { z } from 'zod'

/** The six STRIDE categories, in their canonical order. */
export const STRIDE = [
  'spoofing',
  'tampering',
  'repudiation',
  'information-disclosure',
  'denial-of-service',
  'elevation-of-privilege',
] as const
export type StrideCategory = (typeof STRIDE)[number]
export const StrideCategorySchema = z.enum(STRIDE, {
  error: () => `category must be one of ${STRIDE.join(', ')}`,
})

export interface StrideInfo {
  letter: string
  label: string
  /** What the attacker breaks: the property the category violates. */
  violates: string
  /** Card colour (also readable as text on white). */
  color: string
}

export const STRIDE_INFO: Record<StrideCategory, StrideInfo> = {
  spoofing: { letter: 'S', label: 'Spoofing', violates: 'authenticity', color: '#b42318' },
  tampering: { letter: 'T', label: 'Tampering', violates: 'integrity', color: '#b54708' },
  repudiation: {
    letter: 'R',
    label: 'Repudiation',
    violates: 'non-repudiation',
    color: '#6941c6',
  },
  'information-disclosure': {
    letter: 'I',
    label: 'Information disclosure',
    violates: 'confidentiality',
    color: '#175cd3',
  },
  'denial-of-service': {
    letter: 'D',
    label: 'Denial of service',
    violates: 'availability',
    color: '#3f621a',
  },
  'elevation-of-privilege': {
    letter: 'E',
    label: 'Elevation of privilege',
    violates: 'authorization',
    color: '#c11574',
  },
}

/** Data-flow-diagram element kinds that STRIDE-per-element knows about. */
export const DFD_ELEMENT_KINDS = ['external-entity', 'process', 'data-store', 'data-flow'] as const
export type DfdElementKind = (typeof DFD_ELEMENT_KINDS)[number]

/** STRIDE-per-element: which categories usually apply to each element kind (prompts only). */
export const STRIDE_PER_ELEMENT: Record<DfdElementKind, readonly StrideCategory[]> = {
  'external-entity': ['spoofing', 'repudiation'],
  process: STRIDE,
  'data-store': ['tampering', 'repudiation', 'information-disclosure', 'denial-of-service'],
  'data-flow': ['tampering', 'information-disclosure', 'denial-of-service'],
}

/**
 * Questions a facilitator can ask about one element for one category. Written for Threatboard;
 * they are prompts to start a conversation, not a checklist.
 */
export const STRIDE_PROMPTS: Record<StrideCategory, readonly string[]> = {
  spoofing: [
    'How does this part know who is on the other side, and what would a stolen credential buy?',
    'Could someone replay an old request or token and be taken for a legitimate caller?',
  ],
  tampering: [
    'Who could change this data in transit or at rest without anyone noticing?',
    'Is input from here checked before it changes state somewhere else?',
  ],
  repudiation: [
    'If this action were disputed tomorrow, what record would show who did it?',
    'Can the people who operate this edit or delete its logs?',
  ],
  'information-disclosure': [
    'What would leak if the responses or error messages here were read by a stranger?',
    'Is anything more sensitive than it needs to be stored or sent here?',
  ],
  'denial-of-service': [
    'What is the cheapest request that makes this part do the most work?',
    'If this part stopped, what else would stop with it?',
  ],
  'elevation-of-privilege': [
    'Which check stands between an ordinary user and an administrator action here?',
    'Does this part run with more permissions than its job needs?',
  ],
}

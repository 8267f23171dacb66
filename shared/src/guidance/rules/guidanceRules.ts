import type { DfdElementKind } from '../../domain/stride.ts'
import type { GuidanceRule } from '../rule.ts'
import { dataFlowRules } from './dataFlowRules.ts'
import { dataStoreRules } from './dataStoreRules.ts'
import { externalEntityRules } from './externalEntityRules.ts'
import { processRules } from './processRules.ts'

/** A rule of any element kind. */
export type AnyGuidanceRule = { [K in DfdElementKind]: GuidanceRule<K> }[DfdElementKind]

/** Every guidance rule, in the order their suggestions are listed for one element. */
export const GUIDANCE_RULES: readonly AnyGuidanceRule[] = [
  ...processRules,
  ...dataStoreRules,
  ...dataFlowRules,
  ...externalEntityRules,
]

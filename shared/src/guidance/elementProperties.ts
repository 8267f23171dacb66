import { z } from 'zod'
import type { DfdElementKind } from '../domain/stride.ts'
import { DFD_NODE, readDataFlowMeta } from '../shapes/boardShapes.ts'

/**
 * Security-relevant facts about one diagram element, kept on its tldraw record under
 * `meta.properties` (docs/doc-layout.md, "Element properties"). Every field is optional: a field
 * that is not set means "nobody said", which the guidance rules treat differently from `false`.
 */

export const PRIVILEGE_LEVELS = ['user', 'service', 'root/admin'] as const
export type PrivilegeLevel = (typeof PRIVILEGE_LEVELS)[number]

const flag = z.boolean().optional()

export const ProcessPropertiesSchema = z.object({
  privilegeLevel: z.enum(PRIVILEGE_LEVELS).optional(),
  /** Listens on the internet (not just reachable through another part of the system). */
  internetFacing: flag,
  /** Checks who its callers are before acting on a request. */
  authenticatesCallers: flag,
  /** Throttles or rate-limits its callers. */
  rateLimited: flag,
  handlesPayment: flag,
  handlesPersonalData: flag,
})
export const DataStorePropertiesSchema = z.object({
  storesCredentials: flag,
  /** An audit or application log. */
  isLog: flag,
  encryptedAtRest: flag,
  /** Its content is signed or hash-chained, so a change is detectable. */
  signed: flag,
  storesPersonalData: flag,
  storesPaymentData: flag,
})
export const ExternalEntityPropertiesSchema = z.object({
  /** A person (a user, an operator) rather than another system. */
  nature: z.enum(['human', 'system']).optional(),
  /** Proves who it is to the parts it talks to. */
  authenticated: flag,
})
export const DataFlowPropertiesSchema = z.object({
  /** Its ends authenticate each other (or the sender proves who it is). */
  authenticated: flag,
  carriesSensitiveData: flag,
})

export type ProcessProperties = z.infer<typeof ProcessPropertiesSchema>
export type DataStoreProperties = z.infer<typeof DataStorePropertiesSchema>
export type ExternalEntityProperties = z.infer<typeof ExternalEntityPropertiesSchema>
export type DataFlowProperties = z.infer<typeof DataFlowPropertiesSchema>

/** Each kind's properties as stored; for flows, `meta.dataFlow`'s flags are added on reading. */
export interface ElementPropertiesByKind {
  process: ProcessProperties
  'data-store': DataStoreProperties
  'external-entity': ExternalEntityProperties
  'data-flow': DataFlowProperties & {
    protocol?: string
    encrypted?: boolean
    publicNetwork?: boolean
  }
}
export type ElementProperties = ElementPropertiesByKind[DfdElementKind]

export const ELEMENT_PROPERTY_SCHEMAS = {
  process: ProcessPropertiesSchema,
  'data-store': DataStorePropertiesSchema,
  'external-entity': ExternalEntityPropertiesSchema,
  'data-flow': DataFlowPropertiesSchema,
} as const

/** The key under a record's `meta` that holds its properties. */
export const PROPERTIES_KEY = 'properties'

/**
 * Reads one kind's properties from untrusted JSON: each field is checked on its own, and an
 * invalid one is dropped (treated as not set) rather than losing the valid ones beside it.
 */
export function parseElementProperties<K extends DfdElementKind>(
  kind: K,
  value: unknown,
): ElementPropertiesByKind[K] {
  const schema = ELEMENT_PROPERTY_SCHEMAS[kind]
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {}
  const out: Record<string, unknown> = {}
  const shape = schema.shape as Record<string, z.ZodType>
  for (const [key, field] of Object.entries(shape)) {
    const raw = (value as Record<string, unknown>)[key]
    if (raw === undefined) continue
    const parsed = field.safeParse(raw)
    if (parsed.success && parsed.data !== undefined) out[key] = parsed.data
  }
  return out as ElementPropertiesByKind[K]
}

/** Which DFD element a tldraw record is, if any: a DFD node's kind, or a data flow. */
export function elementKindOf(record: {
  typeName?: unknown
  type?: unknown
  props?: unknown
  meta?: unknown
}): DfdElementKind | undefined {
  if (record.typeName !== 'shape') return undefined
  if (record.type === DFD_NODE) {
    const kind = (record.props as { kind?: unknown } | undefined)?.kind
    return kind === 'process' || kind === 'data-store' || kind === 'external-entity'
      ? kind
      : undefined
  }
  if (record.type === 'arrow') return 'data-flow'
  return undefined
}

/**
 * The typed properties of a record (`{}` for anything that is not a DFD element). A data flow's
 * `protocol`, `encrypted` and `publicNetwork` come from its `meta.dataFlow`, where the board has
 * always kept them; a protocol that is empty counts as not set.
 */
export function readElementProperties(record: {
  typeName?: unknown
  type?: unknown
  props?: unknown
  meta?: unknown
}): ElementProperties {
  const kind = elementKindOf(record)
  if (!kind) return {}
  const stored = (record.meta as Record<string, unknown> | undefined)?.[PROPERTIES_KEY]
  const props = parseElementProperties(kind, stored)
  if (kind !== 'data-flow') return props
  const flow = readDataFlowMeta(record.meta)
  if (!flow) return props
  return {
    ...props,
    ...(flow.protocol ? { protocol: flow.protocol } : {}),
    encrypted: flow.encrypted,
    publicNetwork: flow.publicNetwork,
  }
}

/** The meta to write for new properties: invalid fields dropped, unset ones left out. */
export function withElementProperties(
  meta: Record<string, unknown>,
  kind: DfdElementKind,
  properties: unknown,
): Record<string, unknown> {
  return { ...meta, [PROPERTIES_KEY]: parseElementProperties(kind, properties) }
}

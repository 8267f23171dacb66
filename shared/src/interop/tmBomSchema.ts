import { z } from 'zod'

/**
 * The parts of an OWASP Threat Model Library (TM-BOM) v1 file the import reads, checked as
 * threat-model.schema.json says; everything else in the file is ignored.
 */

const str = z.string().max(100_000)
const name = z.string().min(1).max(200)
const list = <T extends z.ZodType>(item: T, max = 5000) => z.array(item).max(max).optional()
const Named = { symbolic_name: name, title: str, description: str.optional() }
const Ref = z.object({ type: str.optional(), object: name })
const ZonePair = z.object({ trust_zone_a: name, trust_zone_b: name })

export const TmBomSchema = z.object({
  version: z.string().max(20),
  scope: z.object({
    title: str,
    description: str.optional(),
    business_criticality: str.optional(),
    exposure: str.optional(),
    tier: str.optional(),
  }),
  description: str.optional(),
  diagrams: list(z.unknown(), 100),
  trust_zones: list(z.object(Named)),
  trust_boundaries: list(
    ZonePair.extend({
      access_control_methods: list(str, 100),
      authentication_methods: list(str, 100),
    }),
  ),
  actors: list(
    z.object({
      ...Named,
      type: str.optional(),
      permissions: str.optional(),
      trust_zone: name.optional(),
    }),
  ),
  components: list(
    z.object({
      ...Named,
      trust_zone: name.optional(),
      parent_component: name.optional(),
      repo_link: str.optional(),
    }),
  ),
  data_stores: list(
    z.object({
      ...Named,
      type: str.optional(),
      vendor: str.optional(),
      product: str.optional(),
      trust_zone: name.optional(),
    }),
  ),
  data_sets: list(
    z.object({
      ...Named,
      placements: list(z.object({ data_store: name, encrypted: z.boolean().optional() }), 1000),
      data_sensitivity: list(str, 100),
    }),
  ),
  data_flows: list(
    z.object({
      ...Named,
      source: Ref,
      destination: Ref,
      has_sensitive_data: z.boolean().optional(),
      encrypted: z.boolean().optional(),
    }),
  ),
  assumptions: list(z.object({ description: str, validity: str.optional() }), 1000),
  threat_personas: list(z.object({ ...Named, skill_level: str.optional() }), 1000),
  threats: list(
    z.object({
      ...Named,
      components_affected: list(name, 1000),
      threat_persona: name.optional(),
      event: str.optional(),
      sources: list(str, 100),
      attack_mechanisms: list(
        z.object({ capec_id: z.number().int(), capec_title: str.optional() }),
        100,
      ),
      weaknesses: list(z.object({ cwe_id: z.number().int(), cwe_title: str.optional() }), 100),
    }),
  ),
  controls: list(
    z.object({
      ...Named,
      threats: z.array(name).max(1000),
      trust_boundary: ZonePair.optional(),
      status: str,
      priority: str,
    }),
  ),
  risks: list(
    z.object({
      ...Named,
      threats: z.array(name).max(1000),
      likelihood: str.optional(),
      impact: str.optional(),
      level: str.optional(),
    }),
  ),
  extensions: z.record(z.string(), z.unknown()).optional(),
})
export type TmBom = z.infer<typeof TmBomSchema>

/** Non-empty parts, one per line. */
export const lines = (...parts: unknown[]) =>
  parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').join('\n')

import { z } from 'zod'

/** The parts of an Open Threat Model file the import reads (open-threat-model.schema.json). */

const num = z.number().finite()
const str = z.string().max(100_000)
const optText = str.nullish()
const attrs = z.record(z.string(), z.unknown()).nullish()
const ParentSchema = z.object({
  trustZone: z.string().optional(),
  component: z.string().optional(),
})
const RepresentationElementSchema = z.object({
  representation: z.string(),
  position: z.object({ x: num, y: num }).nullish(),
  size: z.object({ width: num, height: num }).nullish(),
})
export const representations = z.array(RepresentationElementSchema).max(100).nullish()
export const ThreatInstanceSchema = z.object({
  threat: z.string(),
  state: z.string().nullish(),
  mitigations: z
    .array(z.object({ mitigation: z.string().nullish(), state: z.string().nullish() }).nullable())
    .max(1000)
    .nullish(),
})
const instances = z.array(ThreatInstanceSchema).max(1000).nullish()

export const OtmFileSchema = z.object({
  otmVersion: z.string().max(20),
  project: z.object({ name: str, id: z.string(), description: optText }),
  representations: z
    .array(z.object({ id: z.string(), type: z.string(), name: str.nullish() }))
    .max(100)
    .nullish(),
  assets: z
    .array(
      z.object({
        id: z.string(),
        name: str,
        description: optText,
        risk: z.object({ confidentiality: num, integrity: num, availability: num }),
      }),
    )
    .max(1000)
    .nullish(),
  trustZones: z
    .array(
      z.object({
        id: z.string(),
        name: str,
        description: optText,
        parent: ParentSchema.nullish(),
        representations,
        attributes: attrs,
      }),
    )
    .max(1000)
    .nullish(),
  components: z
    .array(
      z.object({
        id: z.string(),
        name: str,
        type: str,
        description: optText,
        parent: ParentSchema,
        representations,
        assets: z
          .object({
            processed: z.array(z.string().nullable()).max(1000).nullish(),
            stored: z.array(z.string().nullable()).max(1000).nullish(),
          })
          .nullish(),
        threats: instances,
        attributes: attrs,
      }),
    )
    .max(5000)
    .nullish(),
  dataflows: z
    .array(
      z.object({
        id: z.string(),
        name: str,
        description: optText,
        bidirectional: z.boolean().nullish(),
        source: z.string(),
        destination: z.string(),
        threats: instances,
        attributes: attrs,
      }),
    )
    .max(5000)
    .nullish(),
  threats: z
    .array(
      z.object({
        id: z.string(),
        name: str,
        description: optText,
        categories: z.array(z.string().nullable()).max(50).nullish(),
        risk: z.object({ likelihood: num.nullish(), impact: num }),
      }),
    )
    .max(5000)
    .nullish(),
  mitigations: z
    .array(z.object({ id: z.string(), name: str, description: optText }))
    .max(5000)
    .nullish(),
})

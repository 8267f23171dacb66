import { z } from 'zod'
import { EntityIdSchema, LineSchema, TextSchema } from './common.ts'

export const ASSET_KINDS = ['infrastructure', 'application', 'data'] as const
export type AssetKind = (typeof ASSET_KINDS)[number]

export const SENSITIVITIES = ['public', 'internal', 'confidential', 'restricted'] as const
export type Sensitivity = (typeof SENSITIVITIES)[number]

/** Something worth protecting, listed in the catalogue and pinned onto diagram elements. */
export const AssetSchema = z.strictObject({
  id: EntityIdSchema,
  name: LineSchema('name'),
  kind: z.enum(ASSET_KINDS, { error: () => `kind must be one of ${ASSET_KINDS.join(', ')}` }),
  sensitivity: z.enum(SENSITIVITIES, {
    error: () => `sensitivity must be one of ${SENSITIVITIES.join(', ')}`,
  }),
  owner: TextSchema('owner', 200).default(''),
  notes: TextSchema('notes').default(''),
})
export type Asset = z.infer<typeof AssetSchema>

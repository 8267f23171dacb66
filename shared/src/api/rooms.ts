import { z } from 'zod'
import { NameSchema } from '../domain/common.ts'
import { TEMPLATE_IDS } from '../templates/templateIds.ts'

/** Longest room title accepted, in characters. */
export const MAX_TITLE_LENGTH = 200

export const RoomTitleSchema = NameSchema('title', MAX_TITLE_LENGTH)

export const CreateRoomBodySchema = z.strictObject({
  title: RoomTitleSchema,
  /** A starter template to fill the new room with (`GET /api/templates` lists them). */
  template: z
    .enum(TEMPLATE_IDS, { error: () => `template must be one of ${TEMPLATE_IDS.join(', ')}` })
    .optional(),
})
export type CreateRoomBody = z.infer<typeof CreateRoomBodySchema>

export const PatchRoomBodySchema = z.strictObject({ title: RoomTitleSchema })
export type PatchRoomBody = z.infer<typeof PatchRoomBodySchema>

/** A room as the rooms API returns it. Times are ISO 8601 strings. */
export interface RoomSummary {
  id: string
  title: string
  createdAt: string
  updatedAt: string
  /** Bytes the room's document takes in storage (snapshot plus pending log). */
  sizeBytes: number
}

/** The body of every 4xx/5xx answer of the HTTP API. */
export interface ApiErrorBody {
  error: { code: string; message: string }
}

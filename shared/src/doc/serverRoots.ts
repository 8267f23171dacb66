import { MODEL_ROOTS } from './modelDoc.ts'
import { META_ROOT } from './roomDoc.ts'

/**
 * Roots of the room document that only the server writes: the schema and other room-level facts
 * (`tl_meta`), and the hints and reviews observers post through the API. The server refuses
 * any client update that writes or deletes anything in them.
 */
export const SERVER_WRITTEN_ROOTS: readonly string[] = [
  META_ROOT,
  MODEL_ROOTS.hints,
  MODEL_ROOTS.reviews,
]

/** Model roots clients write directly (validated by the server before it applies them). */
export const CLIENT_MODEL_ROOTS: readonly string[] = [
  MODEL_ROOTS.session,
  MODEL_ROOTS.assets,
  MODEL_ROOTS.threats,
  MODEL_ROOTS.recommendations,
]

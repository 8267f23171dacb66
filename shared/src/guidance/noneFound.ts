import { STRIDE, type StrideCategory } from '../domain/stride.ts'
import { readElementFlags } from './dismissals.ts'

/**
 * "Considered, none found": the team looked at one element under one STRIDE category and found no
 * threat worth a card. Kept on the element as `meta["noneFound:<category>"] = true`, one meta key
 * per category for the same reason as dismissals (dismissals.ts): two people marking different
 * categories at once both keep theirs, and deleting the element deletes its marks.
 */
export const NONE_FOUND_PREFIX = 'noneFound:'
const CATEGORIES: ReadonlySet<string> = new Set(STRIDE)

/** The meta key that marks `category` as considered with none found. */
export function noneFoundKey(category: StrideCategory): string {
  if (!CATEGORIES.has(category)) throw new Error(`not a STRIDE category: ${String(category)}`)
  return `${NONE_FOUND_PREFIX}${category}`
}

/** The element's `meta` with the mark for `category` set or removed (other entries kept). */
export function withNoneFound<V>(
  meta: Readonly<Record<string, V>>,
  category: StrideCategory,
  found: boolean,
): Record<string, V | true> {
  const key = noneFoundKey(category)
  const { [key]: _previous, ...rest } = meta
  return found ? { ...rest, [key]: true } : rest
}

/** Every "considered, none found" mark on the DFD elements among `records` (junk is ignored). */
export function readNoneFound(
  records: Parameters<typeof readElementFlags>[0],
): { elementId: string; category: StrideCategory }[] {
  return readElementFlags(records, NONE_FOUND_PREFIX)
    .filter((f) => CATEGORIES.has(f.name))
    .map((f) => ({ elementId: f.elementId, category: f.name as StrideCategory }))
}

import { elementKindOf } from './elementProperties.ts'

/**
 * A dismissed suggestion is kept on the element it is about, as `meta["dismissed:<ruleId>"] =
 * true`: one meta key per dismissal, because a record's `meta` is a Y.Map with one entry per key
 * (docs/doc-layout.md), so two people dismissing different suggestions on one element at the same
 * time both keep theirs; and deleting the element deletes its dismissals.
 */
export const DISMISSED_PREFIX = 'dismissed:'
const RULE_ID = /^[a-z0-9-]{1,80}$/

/** The meta entry that dismisses `ruleId` on an element (merge it into the record's meta). */
export function dismissalMeta(ruleId: string): Record<string, true> {
  if (!RULE_ID.test(ruleId)) throw new Error(`not a guidance rule id: ${ruleId}`)
  return { [`${DISMISSED_PREFIX}${ruleId}`]: true }
}

type LooseRecord = {
  id: string
  typeName?: unknown
  type?: unknown
  props?: unknown
  meta?: unknown
}

/**
 * The `meta["<prefix><name>"] = true` flags on the DFD elements among `records`, as
 * (element, name) pairs: how dismissals and "considered, none found" marks are kept.
 */
export function readElementFlags(
  records: readonly LooseRecord[],
  prefix: string,
): { elementId: string; name: string }[] {
  const out: { elementId: string; name: string }[] = []
  for (const r of records) {
    if (!elementKindOf(r) || !r.meta || typeof r.meta !== 'object') continue
    for (const [key, value] of Object.entries(r.meta as Record<string, unknown>)) {
      if (value === true && key.startsWith(prefix)) {
        out.push({ elementId: r.id, name: key.slice(prefix.length) })
      }
    }
  }
  return out
}

/** Every dismissal on the DFD elements among `records` (junk entries are ignored). */
export function readDismissals(
  records: readonly LooseRecord[],
): { ruleId: string; elementId: string }[] {
  return readElementFlags(records, DISMISSED_PREFIX)
    .filter((f) => RULE_ID.test(f.name))
    .map((f) => ({ ruleId: f.name, elementId: f.elementId }))
}

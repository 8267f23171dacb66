import * as Y from 'yjs'
import type { TLRecord } from 'tldraw'
import { TRANSFORM_KEY } from '@threatboard/shared'

/** What a remote transaction changed in one record (see shared/src/doc/recordMaps.ts). */
export interface RemoteChange {
  /** The record was added, deleted or replaced as a whole. */
  whole: boolean
  /** Top-level keys as stored (`transform` stands for x, y and rotation). */
  fields: Set<string>
  props: Set<string>
  meta: Set<string>
}

/** Groups the events of one `observeDeep` call on the records map by record id. */
export function collectRemoteChanges(
  events: Y.YEvent<Y.AbstractType<unknown>>[],
  records: Y.Map<Y.Map<unknown>>,
): Map<string, RemoteChange> {
  const changes = new Map<string, RemoteChange>()
  const changeOf = (id: string) => {
    let change = changes.get(id)
    if (!change) {
      change = { whole: false, fields: new Set(), props: new Set(), meta: new Set() }
      changes.set(id, change)
    }
    return change
  }
  for (const event of events) {
    if (!(event instanceof Y.YMapEvent)) continue // the layout has nothing but maps
    if (event.target === records) {
      for (const id of event.keysChanged) changeOf(id).whole = true
      continue
    }
    // Paths are relative to the records map: [id] for a record, [id, 'props' | 'meta'] below it.
    const [id, nested] = event.path as [string, string | undefined]
    const change = changeOf(id)
    const keys = nested === 'props' ? change.props : nested === 'meta' ? change.meta : change.fields
    if (event.path.length > 2) change.whole = true
    for (const key of event.keysChanged) keys.add(key)
  }
  return changes
}

function assign(target: Record<string, unknown>, key: string, value: unknown) {
  if (value === undefined) delete target[key]
  else target[key] = value
}

/**
 * `local` with only the fields the remote transaction changed taken from `remote`. Used for a
 * record with a local edit not yet written to the doc, so that edit is not overwritten.
 */
export function mergeRemoteFields(
  local: TLRecord,
  remote: TLRecord,
  change: RemoteChange,
): TLRecord {
  const from = remote as unknown as Record<string, Record<string, unknown> | undefined>
  const merged: Record<string, unknown> = { ...local }
  for (const field of change.fields) {
    const keys = field === TRANSFORM_KEY ? ['x', 'y', 'rotation'] : [field]
    for (const key of keys) assign(merged, key, from[key])
  }
  for (const nested of ['props', 'meta'] as const) {
    if (change[nested].size === 0 || change.fields.has(nested)) continue
    const object = { ...(merged[nested] as Record<string, unknown>) }
    for (const key of change[nested]) assign(object, key, from[nested]?.[key])
    merged[nested] = object
  }
  return merged as unknown as TLRecord
}

import type { TLBinding, TLRecord, TLStore } from 'tldraw'
import { bindingLoops, parentChainFault, recordOutOfRange } from '@threatboard/shared'

/**
 * The records of the scope asked for (from the room: document records, never another browser's
 * camera or selection; from awareness: presence records) that pass the store's validators, and
 * for shapes and bindings the board's own checks: no number beyond its range, no shape inside
 * itself or nested too deep, no binding that closes a loop. Data from the room is from other
 * clients and is checked like any input: one bad record is skipped (and logged) instead of
 * breaking the board. The server's report and exports read the room with the same checks
 * (`drawnRecords` in shared).
 */
export function filterValidRecords(
  store: TLStore,
  records: TLRecord[],
  scope: 'document' | 'presence' = 'document',
): TLRecord[] {
  const arriving = new Map<string, TLRecord>(records.map((r) => [r.id, r]))
  let closesALoop: ((binding: TLBinding) => boolean) | undefined
  return records.filter((record) => {
    const before = store.get(record.id) ?? null
    try {
      // A camera, selection, mode or presence from the room would take over this browser's own.
      if (!store.scopedTypes[scope].has(record.typeName)) {
        throw new Error(`not a ${scope} record: ${record.typeName}`)
      }
      store.schema.validateRecord(store, record, before ? 'updateRecord' : 'createRecord', before)
      const bad = recordOutOfRange(record)
      if (bad !== undefined) throw new Error(`a number out of the board's range: ${bad}`)
      if (record.typeName === 'shape') {
        const fault = parentChainFault(
          record,
          (id) => arriving.get(id) ?? store.get(id as TLRecord['id']),
        )
        if (fault) throw new Error(`a shape ${fault}, through its parents`)
      }
      if (record.typeName === 'binding') {
        // The bindings held, each replaced by its new version when one is arriving.
        closesALoop ??= bindingLoops(
          new Map<string, TLBinding>([
            ...store.query
              .records('binding')
              .get()
              .map((b): [string, TLBinding] => [b.id, b]),
            ...[...arriving].filter((e): e is [string, TLBinding] => e[1].typeName === 'binding'),
          ]).values(),
        )
        if (closesALoop(record)) throw new Error('a binding that closes a loop')
      }
      return true
    } catch (error) {
      console.warn(`Threatboard: ignoring an invalid record from the room (${record.id})`, error)
      return false
    }
  })
}

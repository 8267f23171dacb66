import type { TLRecord, TLStore } from 'tldraw'

/**
 * The records that pass the store's validators. Data from the room is from other clients and is
 * checked like any input: one bad record is skipped (and logged) instead of breaking the board.
 */
export function filterValidRecords(store: TLStore, records: TLRecord[]): TLRecord[] {
  return records.filter((record) => {
    const before = store.get(record.id) ?? null
    try {
      store.schema.validateRecord(store, record, before ? 'updateRecord' : 'createRecord', before)
      return true
    } catch (error) {
      console.warn(`Threatboard: ignoring an invalid record from the room (${record.id})`, error)
      return false
    }
  })
}

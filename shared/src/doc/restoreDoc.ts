import * as Y from 'yjs'
import { getCollection, getSessionMap, type Collection } from './modelDoc.ts'
import { readAllRecords, syncMap, writeRecord } from './recordMaps.ts'
import { getRecordsMap } from './roomDoc.ts'

/** The collections a restore brings back (hints and reviews are the observers' and stay). */
const RESTORED: readonly Collection[] = ['assets', 'threats', 'recommendations']

/**
 * Makes the board and the threat model of `target` what they are in `source` (a saved version,
 * brought to the same schema), as one ordinary change: records and entities that differ are
 * rewritten field by field, those missing from `source` deleted, those only in `source` added.
 * Hints, reviews and `tl_meta` are left as they are. Connected clients see the change live, and
 * it can itself be saved in, or undone by, a version.
 */
export function restoreRoomDoc(target: Y.Doc, source: Y.Doc, origin?: unknown): void {
  target.transact(() => {
    const records = getRecordsMap(target)
    const wanted = readAllRecords(getRecordsMap(source))
    const keep = new Set(wanted.map((r) => r.id))
    for (const id of [...records.keys()]) {
      if (!keep.has(id)) records.delete(id)
    }
    for (const record of wanted) writeRecord(records, record)
    for (const name of RESTORED) {
      const live = getCollection(target, name)
      const saved = getCollection(source, name)
      for (const id of [...live.keys()]) {
        if (!saved.has(id)) live.delete(id)
      }
      for (const [id, map] of saved.entries()) {
        if (!(map instanceof Y.Map)) continue
        let entity = live.get(id)
        if (!(entity instanceof Y.Map)) {
          entity = new Y.Map<unknown>()
          live.set(id, entity)
        }
        syncMap(entity, map.toJSON(), false)
      }
    }
    syncMap(getSessionMap(target), getSessionMap(source).toJSON(), false)
  }, origin)
}

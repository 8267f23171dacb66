import * as Y from 'yjs'
import type { HistoryEntry, TLRecord, TLStore } from 'tldraw'
import { getRecordsMap, readAllRecords, readRecord, writeRecord } from '@threatboard/shared'
import type { JsonRecord } from '@threatboard/shared'
import {
  collectRemoteChanges,
  mergeRemoteFields,
  type RemoteChange,
} from './collectRemoteChanges.ts'
import { filterValidRecords } from './filterValidRecords.ts'
import { FrameScheduler } from './FrameScheduler.ts'

/**
 * Keeps a tldraw store and a room's Y.Doc in step (layout: shared/src/doc/recordMaps.ts).
 *
 * - Local → doc: document-scope changes made by this user are collected and written in one
 *   transaction per frame, so a drag is one small update per frame, not per pointer event.
 *   Only the fields that differ are written (`writeRecord`).
 * - Doc → local: changes from others are applied with `mergeRemoteChanges`, which keeps them out
 *   of this user's undo stack, once per frame: the server relays a burst of small transactions
 *   (someone dragging, a script moving 500 shapes one by one) as many messages, and applying
 *   each on its own re-rendered the board and its panels for every one of them (bench/RESULTS.md,
 *   "Big boards in the browser"). The records are read from the doc when they are applied.
 *
 * The doc is the source of truth: the client never seeds or migrates it (the server does).
 * A read-only binding only applies the doc to the store (the server drops a reader's updates).
 */
export class YjsStoreBinding {
  private readonly store: TLStore
  private readonly doc: Y.Doc
  private readonly records: Y.Map<Y.Map<unknown>>
  /** Records changed here and not yet written to the doc. */
  private readonly pending = new Set<TLRecord['id']>()
  private readonly flushScheduler = new FrameScheduler(() => this.flush())
  /** What others changed, by record, not yet applied to the store. */
  private readonly remote = new Map<string, RemoteChange>()
  private readonly remoteScheduler = new FrameScheduler(() => this.applyRemote())
  private readonly stopListening: () => void

  constructor(store: TLStore, doc: Y.Doc, { readOnly = false } = {}) {
    this.store = store
    this.doc = doc
    this.records = getRecordsMap(doc)
    this.loadAll()
    this.stopListening = readOnly
      ? () => {}
      : store.listen(this.onStoreChange, { source: 'user', scope: 'document' })
    this.records.observeDeep(this.onDocChange)
  }

  /** Writes what is pending and stops syncing. */
  dispose(): void {
    this.flush()
    this.remoteScheduler.cancel()
    this.stopListening()
    this.records.unobserveDeep(this.onDocChange)
  }

  /** Replaces the store's document records with the doc's. */
  private loadAll() {
    const fromDoc = filterValidRecords(
      this.store,
      readAllRecords(this.records) as unknown as TLRecord[],
    )
    const keep = new Set(fromDoc.map((r) => r.id))
    const stale = this.store
      .allRecords()
      .filter((r) => this.store.scopedTypes.document.has(r.typeName) && !keep.has(r.id))
      .map((r) => r.id)
    this.store.mergeRemoteChanges(() => {
      if (stale.length > 0) this.store.remove(stale)
      this.store.put(fromDoc)
    })
  }

  private onStoreChange = ({ changes }: HistoryEntry<TLRecord>) => {
    for (const id of Object.keys(changes.added)) this.pending.add(id as TLRecord['id'])
    for (const id of Object.keys(changes.updated)) this.pending.add(id as TLRecord['id'])
    for (const id of Object.keys(changes.removed)) this.pending.add(id as TLRecord['id'])
    this.flushScheduler.schedule()
  }

  /**
   * Brings both sides in step now: applies what others changed, then writes the pending records
   * as they are in the store (one transaction, one update). Others' changes come first, so that
   * a record edited on both sides is written with their fields, not over them.
   */
  flush(): void {
    this.applyRemote()
    this.flushScheduler.cancel()
    if (this.pending.size === 0) return
    const ids = [...this.pending]
    this.pending.clear()
    this.doc.transact(() => {
      for (const id of ids) {
        const record = this.store.get(id)
        if (record) writeRecord(this.records, record as unknown as JsonRecord)
        else this.records.delete(id)
      }
    }, this)
  }

  private onDocChange = (events: Y.YEvent<Y.AbstractType<unknown>>[], tx: Y.Transaction) => {
    if (tx.origin === this) return
    for (const [key, change] of collectRemoteChanges(events, this.records)) {
      const seen = this.remote.get(key)
      if (!seen) {
        this.remote.set(key, change)
        continue
      }
      seen.whole ||= change.whole
      for (const part of ['fields', 'props', 'meta'] as const) {
        for (const name of change[part]) seen[part].add(name)
      }
    }
    if (this.remote.size > 0) this.remoteScheduler.schedule()
  }

  /**
   * Applies what others changed since the last time, as the doc holds it now (each frame does;
   * call it to have the store in step at once).
   */
  applyRemote(): void {
    this.remoteScheduler.cancel()
    if (this.remote.size === 0) return
    const changes = [...this.remote]
    this.remote.clear()
    const puts: TLRecord[] = []
    const removes: TLRecord['id'][] = []
    for (const [key, change] of changes) {
      const id = key as TLRecord['id']
      const map = this.records.get(id)
      const local = this.store.get(id)
      const editedHere = this.pending.has(id)
      if (!(map instanceof Y.Map)) {
        if (local) removes.push(id)
        continue
      }
      // Deleted here but not yet flushed: the deletion wins and will be written.
      if (editedHere && !local) continue
      const remote = readRecord(map) as unknown as TLRecord
      puts.push(
        local && editedHere && !change.whole ? mergeRemoteFields(local, remote, change) : remote,
      )
    }
    const valid = filterValidRecords(this.store, puts)
    if (valid.length === 0 && removes.length === 0) return
    this.store.mergeRemoteChanges(() => {
      if (removes.length > 0) this.store.remove(removes)
      if (valid.length > 0) this.store.put(valid)
    })
  }
}

import type * as Y from 'yjs'
import type { SerializedSchema } from '@tldraw/store'
import type { JsonRecord } from './recordMaps.ts'
import { readAllRecords, writeRecord } from './recordMaps.ts'

/** Root Y.Map holding one Y.Map per tldraw document record, keyed by record id. */
export const RECORDS_ROOT = 'tl_records'
/** Root Y.Map holding room-level facts about the document itself. */
export const META_ROOT = 'tl_meta'
/** Key in META_ROOT: the serialized tldraw schema the records conform to. */
export const SCHEMA_KEY = 'schema'

/** Transaction origin the server uses when it seeds or migrates a document. */
export const SERVER_ORIGIN = 'threatboard-server'

/**
 * The types of record `tl_records` holds: tldraw's document records. Camera, instance, page
 * state, pointer and presence records are each browser's own; written into the room, they would
 * move everyone's camera, selection or mode.
 */
export const DOCUMENT_RECORD_TYPES: readonly string[] = [
  'document',
  'page',
  'shape',
  'binding',
  'asset',
  'user',
]

/** Whether a record id (`shape:…`, `page:…`) names a type of record the room holds. */
export function isDocumentRecordId(id: string): boolean {
  const colon = id.indexOf(':')
  return colon > 0 && DOCUMENT_RECORD_TYPES.includes(id.slice(0, colon))
}

export function getRecordsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(RECORDS_ROOT)
}

export function getMetaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(META_ROOT)
}

/**
 * Key in META_ROOT: the room's name as last renamed, written by the server so that everyone in
 * the room sees a rename at once (the store keeps the name too; absent until the first rename).
 */
export const TITLE_KEY = 'title'

/**
 * Key in META_ROOT: the id of the version saved last, written by the server when one is saved,
 * so that everyone's list of versions follows without asking the server again and again.
 */
export const LAST_VERSION_KEY = 'lastVersion'

/** The id of the version saved last, or undefined before the first. */
export function readLastVersion(doc: Y.Doc): string | undefined {
  const id = getMetaMap(doc).get(LAST_VERSION_KEY)
  return typeof id === 'string' ? id : undefined
}

/** The room's name as last renamed, or undefined before any rename. */
export function readRoomTitle(doc: Y.Doc): string | undefined {
  const title = getMetaMap(doc).get(TITLE_KEY)
  return typeof title === 'string' ? title : undefined
}

export function getDocSchema(doc: Y.Doc): SerializedSchema | undefined {
  return getMetaMap(doc).get(SCHEMA_KEY) as SerializedSchema | undefined
}

/** The minimal schema API the document functions need (tldraw's `TLSchema` has it). */
export interface RecordSchema {
  serialize(): SerializedSchema
  migrateStoreSnapshot(snapshot: {
    store: Record<string, unknown>
    schema: SerializedSchema
  }): { type: 'success'; value: Record<string, unknown> } | { type: 'error'; reason: string }
}

export type CompareResult = 'same' | 'older' | 'newer'

/**
 * Compares the schema `mine` can write with the one `theirs` was written with.
 * `older` means `mine` lacks a migration `theirs` has: a client that old must not write.
 */
export function compareSchemas(mine: SerializedSchema, theirs: SerializedSchema): CompareResult {
  const a = (mine as { sequences?: Record<string, number> }).sequences ?? {}
  const b = (theirs as { sequences?: Record<string, number> }).sequences ?? {}
  let result: CompareResult = 'same'
  for (const [name, version] of Object.entries(b)) {
    const own = a[name]
    if (own === undefined || own < version) return 'older'
    if (own > version) result = 'newer'
  }
  if (Object.keys(a).some((name) => b[name] === undefined)) result = 'newer'
  return result
}

/**
 * Puts the initial records (the document and one page) and the schema into an empty room doc.
 * Only the server calls this, once, when a room is created, so clients never race to seed.
 */
export function seedRoomDoc(doc: Y.Doc, schema: RecordSchema, initial: JsonRecord[]): void {
  doc.transact(() => {
    const records = getRecordsMap(doc)
    for (const record of initial) writeRecord(records, record)
    getMetaMap(doc).set(SCHEMA_KEY, schema.serialize())
  }, SERVER_ORIGIN)
}

/**
 * Discards what Yjs keeps pending in a loaded document: structs and deletes it could never
 * integrate, which older servers accepted and stored. Left in, they would be sent to every
 * newcomer and applied, unchecked, once something filled their gap.
 */
export function dropPending(doc: Y.Doc): void {
  const store = doc.store as unknown as { pendingStructs: unknown; pendingDs: unknown }
  store.pendingStructs = null
  store.pendingDs = null
}

export type MigrateOutcome =
  | { type: 'unchanged' }
  | { type: 'migrated'; changed: number }
  /** The stored schema was missing or unreadable; today's was written in its place. */
  | { type: 'repaired' }
  | { type: 'error'; reason: string }

const isVersionMap = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.values(value).every((v) => Number.isInteger(v))

/** Whether `value` has the shape of a serialized tldraw schema (version 2, or the older 1). */
export function isSerializedSchema(value: unknown): value is SerializedSchema {
  if (typeof value !== 'object' || value === null) return false
  const v = value as { schemaVersion?: unknown; sequences?: unknown; recordVersions?: unknown }
  if (v.schemaVersion === 2) return isVersionMap(v.sequences)
  return v.schemaVersion === 1 && typeof v.recordVersions === 'object' && v.recordVersions !== null
}

/**
 * Brings a loaded room doc up to `schema`: migrates every record, writes back only the records
 * that changed, and records the new schema. Run by the server when it loads a room, before any
 * client is synced, so clients never write back migrated records on join. A missing or broken
 * schema entry is replaced by `schema` (`repaired`); anything Yjs kept pending is dropped.
 */
export function migrateRoomDoc(doc: Y.Doc, schema: RecordSchema): MigrateOutcome {
  dropPending(doc)
  const stored = getDocSchema(doc)
  const current = schema.serialize()
  if (!isSerializedSchema(stored)) {
    // Only the server writes the schema; should it be lost anyway, a room that opens with
    // today's schema beats a room nobody can open. The records are taken as they are.
    doc.transact(() => getMetaMap(doc).set(SCHEMA_KEY, current), SERVER_ORIGIN)
    return { type: 'repaired' }
  }
  const cmp = compareSchemas(current, stored)
  if (cmp === 'same') return { type: 'unchanged' }
  if (cmp === 'older') return { type: 'error', reason: 'document was written by a newer version' }
  const before = new Map(readAllRecords(getRecordsMap(doc)).map((r) => [r.id, r]))
  const result = schema.migrateStoreSnapshot({ store: Object.fromEntries(before), schema: stored })
  if (result.type === 'error') return { type: 'error', reason: result.reason }
  let changed = 0
  doc.transact(() => {
    const records = getRecordsMap(doc)
    for (const [id, value] of Object.entries(result.value)) {
      writeRecord(records, value as JsonRecord)
      changed++
      before.delete(id)
    }
    for (const id of before.keys()) records.delete(id)
    getMetaMap(doc).set(SCHEMA_KEY, current)
  }, SERVER_ORIGIN)
  return { type: 'migrated', changed }
}

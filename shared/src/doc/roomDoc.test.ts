import * as Y from 'yjs'
import { createTLSchema } from '@tldraw/tlschema'
import { describe, expect, it } from 'vitest'
import {
  compareSchemas,
  DOCUMENT_RECORD_TYPES,
  getDocSchema,
  getMetaMap,
  getRecordsMap,
  isDocumentRecordId,
  migrateRoomDoc,
  SCHEMA_KEY,
  seedRoomDoc,
} from './roomDoc.ts'
import { readAllRecords, readRecord } from './recordMaps.ts'
import { createBoardSchema, initialBoardRecords } from './tldrawSchema.ts'

const schema = createBoardSchema()

describe('room document', () => {
  it('is seeded with the document, a page and the schema', () => {
    const doc = new Y.Doc()
    seedRoomDoc(doc, schema, initialBoardRecords())
    const ids = readAllRecords(getRecordsMap(doc)).map((r) => r.id)
    expect(ids.sort()).toEqual(['document:document', 'page:page'])
    expect(getDocSchema(doc)).toEqual(schema.serialize())
    expect(migrateRoomDoc(doc, schema)).toEqual({ type: 'unchanged' })
  })

  it("names the board schema's document records as the ones a room holds", () => {
    // A tldraw upgrade that adds a document record must be added here, or the server refuses it.
    const documentTypes = Object.values(schema.types)
      .filter((type) => type.scope === 'document')
      .map((type) => type.typeName)
    expect([...DOCUMENT_RECORD_TYPES].sort()).toEqual(documentTypes.sort())
    expect(isDocumentRecordId('shape:abc')).toBe(true)
    expect(isDocumentRecordId('camera:page:page')).toBe(false)
    expect(isDocumentRecordId('instance_presence:x')).toBe(false)
    expect(isDocumentRecordId('shape')).toBe(false)
    expect(isDocumentRecordId(':shape')).toBe(false)
  })

  it('compares schema versions per sequence', () => {
    const mine = { schemaVersion: 2, sequences: { a: 2, b: 1 } } as never
    expect(compareSchemas(mine, { schemaVersion: 2, sequences: { a: 2, b: 1 } } as never)).toBe(
      'same',
    )
    expect(compareSchemas(mine, { schemaVersion: 2, sequences: { a: 3, b: 1 } } as never)).toBe(
      'older',
    )
    expect(compareSchemas(mine, { schemaVersion: 2, sequences: { a: 2, c: 0 } } as never)).toBe(
      'older',
    )
    expect(compareSchemas(mine, { schemaVersion: 2, sequences: { a: 1, b: 1 } } as never)).toBe(
      'newer',
    )
  })

  it('migrates records written under an older schema and records the new schema', () => {
    const doc = new Y.Doc()
    seedRoomDoc(doc, schema, initialBoardRecords())
    // Pretend the document was written before the current document-record migrations.
    const old = structuredClone(schema.serialize()) as { sequences: Record<string, number> }
    old.sequences['com.tldraw.document'] = 1
    getMetaMap(doc).set(SCHEMA_KEY, old)
    const outcome = migrateRoomDoc(doc, schema)
    expect(outcome.type).toBe('migrated')
    expect(getDocSchema(doc)).toEqual(schema.serialize())
    expect(readRecord(getRecordsMap(doc).get('document:document')!).typeName).toBe('document')
  })

  it('migrates a room created before the board shapes joined the schema', () => {
    const doc = new Y.Doc()
    seedRoomDoc(doc, createTLSchema(), initialBoardRecords())
    expect(migrateRoomDoc(doc, schema).type).toBe('migrated')
    expect(getDocSchema(doc)).toEqual(schema.serialize())
    expect(readAllRecords(getRecordsMap(doc))).toHaveLength(2)
  })

  it('refuses a document written by a newer version', () => {
    const doc = new Y.Doc()
    seedRoomDoc(doc, schema, initialBoardRecords())
    const newer = structuredClone(schema.serialize()) as { sequences: Record<string, number> }
    newer.sequences['com.tldraw.shape'] = 999
    getMetaMap(doc).set(SCHEMA_KEY, newer)
    const outcome = migrateRoomDoc(doc, schema)
    expect(outcome.type).toBe('error')
  })

  it.each([
    ['missing', undefined],
    ['a string', 'broken'],
    ['sequences that are not versions', { schemaVersion: 2, sequences: { a: 'x' } }],
    ['an unknown schema version', { schemaVersion: 9 }],
  ])('opens a document whose schema is %s with today’s schema, records untouched', (_n, bad) => {
    const doc = new Y.Doc()
    seedRoomDoc(doc, schema, initialBoardRecords())
    if (bad === undefined) getMetaMap(doc).delete(SCHEMA_KEY)
    else getMetaMap(doc).set(SCHEMA_KEY, bad)
    expect(migrateRoomDoc(doc, schema)).toEqual({ type: 'repaired' })
    expect(getDocSchema(doc)).toEqual(schema.serialize())
    expect(readAllRecords(getRecordsMap(doc))).toHaveLength(2)
  })
})

import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { writeEntity } from '../doc/modelDoc.ts'
import { readAllRecords, writeRecord } from '../doc/recordMaps.ts'
import { getRecordsMap } from '../doc/roomDoc.ts'
import { createBoardSchema } from '../doc/tldrawSchema.ts'
import { buildDiagramFacts } from './diagramFacts.ts'
import { dismissalMeta, readDismissals } from './dismissals.ts'
import { readElementProperties, withElementProperties } from './elementProperties.ts'
import { suggestForRoom } from './roomSuggestions.ts'
import { consideredFrom, suggest } from './suggest.ts'

/** A DFD node as the board stores it, valid against the board's real tldraw schema. */
const node = (id: string, meta: Record<string, unknown>) => ({
  id,
  typeName: 'shape',
  type: 'dfd-node',
  parentId: 'page:page',
  index: 'a1',
  x: 10,
  y: 20,
  rotation: 0,
  isLocked: false,
  opacity: 1,
  props: { w: 160, h: 80, kind: 'data-store', name: 'Secrets', inScope: true, description: '' },
  meta,
})

describe('properties and dismissals in a room document', () => {
  it('pass the board schema, survive a Yjs round trip between two peers, and drive suggest', () => {
    const meta = withElementProperties({}, 'data-store', { storesCredentials: true, isLog: 'no' })
    const record = node('shape:secrets', meta)
    expect(() => createBoardSchema().types.shape.validate(record as never)).not.toThrow()

    const a = new Y.Doc()
    writeRecord(getRecordsMap(a), record)
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    const [read] = readAllRecords(getRecordsMap(b))
    expect(readElementProperties(read!)).toEqual({ storesCredentials: true })
    expect(suggest(buildDiagramFacts([read!])).map((s) => s.ruleId)).toEqual([
      'store-credentials-unencrypted',
    ])

    // One peer dismisses it by adding its meta key; the other sees the suggestion gone.
    writeRecord(getRecordsMap(b), {
      ...read!,
      meta: { ...(read!.meta as object), ...dismissalMeta('store-credentials-unencrypted') },
    })
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    const records = readAllRecords(getRecordsMap(a))
    const considered = consideredFrom([], readDismissals(records))
    expect(suggest(buildDiagramFacts(records), considered)).toEqual([])
    expect(suggestForRoom(a)).toEqual([])
  })

  it('leaves out what a threat in the model already covers', () => {
    const doc = new Y.Doc()
    writeRecord(
      getRecordsMap(doc),
      node('shape:secrets', { properties: { storesCredentials: true } }),
    )
    expect(suggestForRoom(doc)).toHaveLength(1)
    writeEntity(doc, 'threats', {
      id: 'leak',
      category: 'information-disclosure',
      title: 'Secrets readable from backups',
      description: '',
      targets: { elements: ['shape:secrets'], assets: [] },
      severity: 'high',
      status: 'open',
      mitigation: '',
      author: '',
      createdAt: 0,
    })
    expect(suggestForRoom(doc)).toEqual([])
  })
})

import {
  createTLSchema,
  defaultBindingSchemas,
  defaultShapeSchemas,
  DocumentRecordType,
  PageRecordType,
  TLDOCUMENT_ID,
  type TLPageId,
  type TLSchema,
} from '@tldraw/tlschema'
import type { JsonRecord } from './recordMaps.ts'
import { BOARD_BINDING_SCHEMAS, BOARD_SHAPE_SCHEMAS } from '../shapes/boardShapes.ts'

/**
 * The tldraw schema of a Threatboard room. The server seeds and migrates documents with it and
 * the client builds its store from the same shape list, so both agree on every record's version.
 */
const INCLUDE_BOARD_SHAPES = true

export function createBoardSchema(): TLSchema {
  return createTLSchema({
    // The board's own shapes join the schema together with their ShapeUtils in the client.
    shapes: { ...defaultShapeSchemas, ...(INCLUDE_BOARD_SHAPES ? BOARD_SHAPE_SCHEMAS : {}) },
    bindings: { ...defaultBindingSchemas, ...(INCLUDE_BOARD_SHAPES ? BOARD_BINDING_SCHEMAS : {}) },
  })
}

/** The id of the page every new room starts with. */
export const FIRST_PAGE_ID = 'page:page' as TLPageId

/** The records a new room starts with: the document and its first page. */
export function initialBoardRecords(): JsonRecord[] {
  return [
    DocumentRecordType.create({ id: TLDOCUMENT_ID }),
    PageRecordType.create({ id: FIRST_PAGE_ID, name: 'Page 1', index: 'a1' as never }),
  ] as unknown as JsonRecord[]
}

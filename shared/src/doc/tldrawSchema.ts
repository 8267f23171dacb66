import {
  createTLSchema,
  DocumentRecordType,
  PageRecordType,
  TLDOCUMENT_ID,
  type TLPageId,
  type TLSchema,
} from '@tldraw/tlschema'
import type { JsonRecord } from './recordMaps.ts'

/**
 * The tldraw schema of a Threatboard room. The server seeds and migrates documents with it and
 * the client builds its store from the same shape list, so both agree on every record's version.
 */
export function createBoardSchema(): TLSchema {
  return createTLSchema()
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

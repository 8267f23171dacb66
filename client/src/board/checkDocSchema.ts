import type * as Y from 'yjs'
import { compareSchemas, createBoardSchema, getDocSchema } from '@threatboard/shared'

/**
 * Whether this client may edit the room's document.
 * - `clientOutdated`: the document was written by a newer version; this page must be reloaded.
 * - `serverOutdated`: this page is newer than the document; writing would put records the
 *   server's version cannot read into it, so wait until the server is updated.
 * - `noSchema`: the server always records a schema, so this document is not a room.
 */
export type DocSchemaCheck = 'ok' | 'clientOutdated' | 'serverOutdated' | 'noSchema'

const mine = createBoardSchema().serialize()

export function checkDocSchema(doc: Y.Doc): DocSchemaCheck {
  const theirs = getDocSchema(doc)
  if (!theirs) return 'noSchema'
  switch (compareSchemas(mine, theirs)) {
    case 'same':
      return 'ok'
    case 'older':
      return 'clientOutdated'
    case 'newer':
      return 'serverOutdated'
  }
}

import type * as Y from 'yjs'
import { readCollection } from '../doc/modelDoc.ts'
import { readDrawnRecords } from '../doc/drawnRecords.ts'
import { buildDiagramFacts } from './diagramFacts.ts'
import { readDismissals } from './dismissals.ts'
import { readNoneFound } from './noneFound.ts'
import { consideredFrom, suggest, type Suggestion } from './suggest.ts'

/**
 * The suggestions for a room as it stands: its board records, less what its threats already
 * cover, what was dismissed and what was marked "considered, none found". For the client (on its synced document) and for scripts with
 * the stock y-websocket client.
 */
export function suggestForRoom(doc: Y.Doc): Suggestion[] {
  const records = readDrawnRecords(doc)
  const considered = consideredFrom(
    readCollection(doc, 'threats'),
    readDismissals(records),
    readNoneFound(records),
  )
  return suggest(buildDiagramFacts(records), considered)
}

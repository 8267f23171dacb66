import { useMemo } from 'react'
import { useValue, type Editor } from 'tldraw'
import {
  buildDiagramFacts,
  consideredFrom,
  readDismissals,
  suggest,
  type Suggestion,
} from '@threatboard/shared'
import { useCollection } from '../model/useModel.ts'
import { elementCoverage, type ElementCoverage } from './elementCoverage.ts'

/**
 * The live guidance for the board: the rules' suggestions (less what threats cover and what
 * was dismissed) and each element's STRIDE coverage. Reads the editor's store through
 * `useValue`, so a change by anyone in the room (synced into the store) re-runs it.
 */
export function useGuidance(editor: Editor | null): {
  suggestions: Suggestion[]
  coverage: ElementCoverage[]
} {
  const threats = useCollection('threats')
  const board = useValue(
    'guidance facts',
    () => {
      // Shapes and bindings only: reading every record would re-run the rules on each
      // cursor move (presence and camera records change all the time).
      const records = editor
        ? [
            ...editor.store.query.records('shape').get(),
            ...editor.store.query.records('binding').get(),
          ]
        : []
      // TLRecords are plain JSON records; the facts builder takes them loosely typed.
      const loose = records as unknown as Parameters<typeof buildDiagramFacts>[0]
      return { facts: buildDiagramFacts(loose), dismissals: readDismissals(loose) }
    },
    [editor],
  )
  return useMemo(
    () => ({
      suggestions: suggest(board.facts, consideredFrom(threats, board.dismissals)),
      coverage: elementCoverage(board.facts.elements, threats, board.dismissals),
    }),
    [board, threats],
  )
}

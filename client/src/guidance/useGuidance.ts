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
      // TLRecords are plain JSON records; the facts builder takes them loosely typed.
      const records = (editor?.store.allRecords() ?? []) as unknown as Parameters<
        typeof buildDiagramFacts
      >[0]
      return { facts: buildDiagramFacts(records), dismissals: readDismissals(records) }
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

import { useMemo } from 'react'
import { computed, useValue, type Computed, type Editor } from 'tldraw'
import {
  buildDiagramFacts,
  consideredFrom,
  elementCoverage,
  readDismissals,
  readNoneFound,
  suggest,
  type ElementCoverage,
  type Suggestion,
} from '@threatboard/shared'
import { useCollection } from '../model/useModel.ts'

/** What the guidance reads off the board: the diagram's facts and what was set aside. */
function readBoardFacts(editor: Editor) {
  // Shapes and bindings only: reading every record would re-run the rules on each cursor move
  // (presence and camera records change all the time).
  const records = [
    ...editor.store.query.records('shape').get(),
    ...editor.store.query.records('binding').get(),
  ]
  // TLRecords are plain JSON records; the facts builder takes them loosely typed.
  const loose = records as unknown as Parameters<typeof buildDiagramFacts>[0]
  return {
    facts: buildDiagramFacts(loose),
    dismissals: readDismissals(loose),
    noneFound: readNoneFound(loose),
  }
}

const EMPTY_BOARD = {
  facts: buildDiagramFacts([]),
  dismissals: [],
  noneFound: [],
} satisfies ReturnType<typeof readBoardFacts>

/**
 * One computation per editor, shared by everything that reads it (the Guidance section, the
 * overlay, its summary, the checklist): a shape dragged across the board re-runs it once per
 * frame, not once per reader.
 */
const boardFacts = new WeakMap<Editor, Computed<ReturnType<typeof readBoardFacts>>>()

function useBoardFacts(editor: Editor | null) {
  return useValue(
    'guidance facts',
    () => {
      if (!editor) return EMPTY_BOARD
      let facts = boardFacts.get(editor)
      if (!facts) {
        facts = computed('guidance facts', () => readBoardFacts(editor))
        boardFacts.set(editor, facts)
      }
      return facts.get()
    },
    [editor],
  )
}

type BoardFacts = ReturnType<typeof useBoardFacts>
type Threats = ReturnType<typeof useCollection<'threats'>>

const coverageOf = (board: BoardFacts, threats: Threats) =>
  elementCoverage(board.facts.elements, threats, board.dismissals, board.noneFound)

/**
 * Each in-scope element's STRIDE coverage, live: a change by anyone in the room (synced into
 * the editor's store or the model) re-runs it. The overlay and the checklist need only this.
 */
export function useCoverage(editor: Editor | null): ElementCoverage[] {
  const threats = useCollection('threats')
  const board = useBoardFacts(editor)
  return useMemo(() => coverageOf(board, threats), [board, threats])
}

/**
 * The live guidance for the board: the rules' suggestions (less what threats cover, what was
 * dismissed and what was marked "none found") and each element's STRIDE coverage.
 */
export function useGuidance(editor: Editor | null): {
  suggestions: Suggestion[]
  coverage: ElementCoverage[]
} {
  const threats = useCollection('threats')
  const board = useBoardFacts(editor)
  return useMemo(
    () => ({
      suggestions: suggest(board.facts, consideredFrom(threats, board.dismissals, board.noneFound)),
      coverage: coverageOf(board, threats),
    }),
    [board, threats],
  )
}

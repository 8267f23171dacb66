import { useMemo } from 'react'
import { computed, useValue, type Computed, type Editor } from 'tldraw'
import {
  applicableSuggestions,
  buildDiagramFacts,
  consideredFrom,
  elementCoverage,
  notConsidered,
  readDismissals,
  readNoneFound,
  type ElementCoverage,
  type Suggestion,
} from '@threatboard/shared'
import { useCollection } from '../model/useModel.ts'
import { everyBinding, everyShape, once } from '../shapes/common/everyShape.ts'

/** What the guidance reads off the board: the diagram's facts and what was set aside. */
function readBoardFacts(editor: Editor) {
  // Shapes and bindings only: reading every record would re-run the rules on each cursor move
  // (presence and camera records change all the time).
  const records = [...everyShape(editor), ...everyBinding(editor)]
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

const json = (value: unknown) => JSON.stringify(value)

/**
 * The same facts for the rules: the same elements, flows and boundaries with the same names,
 * properties, ends and crossings, and the same dismissals and "none found" marks. Facts hold no
 * positions, so moving a shape within its boundary leaves them the same.
 */
function sameBoardFacts(a: ReturnType<typeof readBoardFacts>, b: typeof a): boolean {
  return (
    a === b ||
    (json(a.facts.elements) === json(b.facts.elements) &&
      json(a.facts.boundaries) === json(b.facts.boundaries) &&
      json(a.dismissals) === json(b.dismissals) &&
      json(a.noneFound) === json(b.noneFound))
  )
}

const boardFacts = new WeakMap<Editor, Computed<ReturnType<typeof readBoardFacts>>>()

/**
 * One computation per editor, shared by everything that reads it (the Guidance section, the
 * overlay, its summary, the checklist): a shape dragged across the board re-runs it once per
 * frame, not once per reader, and its value is kept while the facts are the same, so a drag
 * does not run the rules again, nor re-render what shows their results, on every frame (on a
 * 2,000-shape board that was ~25 ms a frame, bench/RESULTS.md).
 */
export function boardFactsOf(editor: Editor): Computed<ReturnType<typeof readBoardFacts>> {
  return once(boardFacts, editor, () =>
    computed('guidance facts', () => readBoardFacts(editor), { isEqual: sameBoardFacts }),
  )
}

function useBoardFacts(editor: Editor | null) {
  return useValue('guidance facts', () => (editor ? boardFactsOf(editor).get() : EMPTY_BOARD), [
    editor,
  ])
}

type BoardFacts = ReturnType<typeof useBoardFacts>
type Threats = ReturnType<typeof useCollection<'threats'>>

/** Each board's coverage with the threats it was last worked out for. */
const coverages = new WeakMap<BoardFacts, { threats: Threats; coverage: ElementCoverage[] }>()

/**
 * The coverage of these facts with these threats, worked out once for everything that shows it
 * (the Guidance section, the session panel, the coverage bar and the overlay read the same
 * facts and the same threats, so the second reader takes the first one's answer).
 */
export function coverageOf(board: BoardFacts, threats: Threats): ElementCoverage[] {
  const last = coverages.get(board)
  if (last?.threats === threats) return last.coverage
  const coverage = elementCoverage(board.facts.elements, threats, board.dismissals, board.noneFound)
  coverages.set(board, { threats, coverage })
  return coverage
}

/** The rules' suggestions for each board's facts, before the threats take theirs out. */
const applicable = new WeakMap<BoardFacts, Suggestion[]>()

/**
 * What the rules suggest for these facts whatever was considered: the rules read only the
 * diagram, so an edit of a threat (which changes what is considered, not the facts) does not
 * run them again (on the 600-threat board of bench/browser.ts, ~25 ms an edit).
 */
export function applicableFor(board: BoardFacts): Suggestion[] {
  return once(applicable, board, () => applicableSuggestions(board.facts))
}

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
      suggestions: notConsidered(
        applicableFor(board),
        consideredFrom(threats, board.dismissals, board.noneFound),
      ),
      coverage: coverageOf(board, threats),
    }),
    [board, threats],
  )
}

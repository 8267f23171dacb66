import { useMemo } from 'react'
import { computed, useValue, type Computed, type Editor } from 'tldraw'
import {
  applicableSuggestions,
  buildDiagramFacts,
  consideredFrom,
  diagramLayout,
  elementCoverage,
  notConsidered,
  readDismissals,
  readNoneFound,
  sameLayout,
  type DiagramLayout,
  type ElementCoverage,
  type Suggestion,
} from '@threatboard/shared'
import { useCollection } from '../model/useModel.ts'
import { everyBinding, everyShape, once, readBesidesPlaces } from '../shapes/common/everyShape.ts'

/**
 * The board's shapes and bindings, loosely typed as the facts builder takes them (TLRecords are
 * plain JSON records). Shapes and bindings only: reading every record would re-run the rules on
 * each cursor move (presence and camera records change all the time).
 */
const recordsOf = (editor: Editor) =>
  [...everyShape(editor), ...everyBinding(editor)] as unknown as Parameters<
    typeof buildDiagramFacts
  >[0]

/** What the guidance reads off the board: the diagram's facts and what was set aside. */
function readBoardFacts(editor: Editor) {
  const loose = recordsOf(editor)
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

const layouts = new WeakMap<Editor, Computed<DiagramLayout>>()
const boardFacts = new WeakMap<Editor, Computed<ReturnType<typeof readBoardFacts>>>()

/**
 * What the board's positions decide in its facts (each node's boundary, each flow's ends and
 * crossing), worked out on every frame of a drag but kept while it is the same: comparing it
 * is cheap, building and comparing the facts was ~7 ms a frame on a 2,000-shape board.
 */
function layoutOf(editor: Editor): Computed<DiagramLayout> {
  return once(layouts, editor, () =>
    computed('guidance layout', () => diagramLayout(recordsOf(editor)), { isEqual: sameLayout }),
  )
}

/**
 * One computation per editor, shared by everything that reads it (the Guidance section, the
 * overlay, its summary, the checklist). It is worked out again only when the layout changes
 * (a node moved across a boundary, a flow given other ends: bindings count only through those)
 * or a shape changes in anything but its place (a name, a property, a dismissal): a drag within
 * a boundary does not build the facts again. Its value is kept while the facts are the same, so
 * what shows the rules' results does not re-render for a change that leaves them alone.
 */
export function boardFactsOf(editor: Editor): Computed<ReturnType<typeof readBoardFacts>> {
  return once(boardFacts, editor, () =>
    computed(
      'guidance facts',
      () => {
        layoutOf(editor).get()
        return readBesidesPlaces(editor, () => readBoardFacts(editor))
      },
      { isEqual: sameBoardFacts },
    ),
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

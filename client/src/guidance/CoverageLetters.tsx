import { memo } from 'react'
import { STRIDE, STRIDE_INFO, type ElementCoverage, type StrideCategory } from '@threatboard/shared'
import { sameSet } from '../panels/sameValue.ts'

type LetterState = 'considered' | 'open' | 'unusual'

function letterState(c: ElementCoverage, cat: StrideCategory): LetterState {
  if (c.considered.has(cat)) return 'considered'
  return c.expected.includes(cat) ? 'open' : 'unusual'
}

const STATE_TEXT: Record<LetterState, string> = {
  considered: 'considered',
  open: 'not considered yet',
  unusual: 'not usual for this kind',
}

/**
 * The same coverage shown: coverage is worked out again, as new objects for every element, on
 * each change of a threat or of the diagram, and a board's hundreds of elements would each
 * draw their letters again (six elements apiece that React compares one by one).
 */
export function sameCoverage(a: ElementCoverage, b: ElementCoverage): boolean {
  return (
    a === b ||
    (a.id === b.id &&
      a.kind === b.kind &&
      a.name === b.name &&
      a.expected.join() === b.expected.join() &&
      sameSet(a.considered, b.considered) &&
      sameSet(a.noneFound, b.noneFound))
  )
}

/**
 * An element's six STRIDE letters: filled when considered (a threat, a dismissed suggestion, or
 * "none found"), outlined when its kind usually calls for the category and nobody has
 * considered it yet, faint when the kind does not usually need it. The Guidance list and the
 * canvas overlay draw the same letters.
 */
export const CoverageLetters = memo(
  function CoverageLetters({ coverage }: { coverage: ElementCoverage }) {
    return (
      <span className="tb-coverage__letters">
        {STRIDE.map((cat) => {
          const info = STRIDE_INFO[cat]
          const state = letterState(coverage, cat)
          const how = coverage.noneFound.has(cat) ? ', none found' : ''
          return (
            <span
              key={cat}
              className={`tb-coverage__letter tb-coverage__letter--${state}`}
              data-testid={`coverage-${cat}`}
              data-state={state}
              style={state === 'considered' ? { background: info.color } : undefined}
              title={`${info.label}: ${STATE_TEXT[state]}${how}`}
            >
              {info.letter}
            </span>
          )
        })}
      </span>
    )
  },
  (before, after) => sameCoverage(before.coverage, after.coverage),
)

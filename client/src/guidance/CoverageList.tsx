import { STRIDE_INFO } from '@threatboard/shared'
import { ALL_CATEGORIES, missing, type ElementCoverage } from './elementCoverage.ts'

/**
 * One line per in-scope element: its STRIDE letters, filled when considered (a threat or a
 * dismissed suggestion), outlined when its kind usually calls for the category and nobody has
 * considered it yet, faint when the kind does not usually need it.
 */
export function CoverageList({ coverage }: { coverage: ElementCoverage[] }) {
  if (coverage.length === 0) {
    return <p className="tb-muted">No elements on the board yet.</p>
  }
  return (
    <ul className="tb-coverage" data-testid="coverage-list">
      {coverage.map((c) => {
        const open = missing(c)
        const done = c.expected.length - open.length
        return (
          <li key={c.id} data-testid="coverage-row" data-element={c.id}>
            <span className="tb-coverage__name">{c.name || '(unnamed)'}</span>
            <span className="tb-coverage__letters">
              {ALL_CATEGORIES.map((cat) => {
                const info = STRIDE_INFO[cat]
                const state = c.considered.has(cat)
                  ? 'considered'
                  : c.expected.includes(cat)
                    ? 'open'
                    : 'unusual'
                return (
                  <span
                    key={cat}
                    className={`tb-coverage__letter tb-coverage__letter--${state}`}
                    data-testid={`coverage-${cat}`}
                    data-state={state}
                    style={state === 'considered' ? { background: info.color } : undefined}
                    title={`${info.label}: ${state === 'considered' ? 'considered' : state === 'open' ? 'not considered yet' : 'not usual for this kind'}`}
                  >
                    {info.letter}
                  </span>
                )
              })}
            </span>
            <span className="tb-coverage__count" data-testid="coverage-count">
              {done}/{c.expected.length}
            </span>
          </li>
        )
      })}
    </ul>
  )
}

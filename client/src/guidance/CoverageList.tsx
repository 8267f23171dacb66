import { memo } from 'react'
import { missingCategories, type ElementCoverage } from '@threatboard/shared'
import { CoverageLetters, sameCoverage } from './CoverageLetters.tsx'

/** One line per in-scope element, least covered first: its STRIDE letters and its count. */
export function CoverageList({ coverage }: { coverage: ElementCoverage[] }) {
  if (coverage.length === 0) {
    return <p className="tb-muted">No elements on the board yet.</p>
  }
  return (
    <ul className="tb-coverage" data-testid="coverage-list">
      {coverage.map((c) => (
        <CoverageRow key={c.id} coverage={c} />
      ))}
    </ul>
  )
}

/** One element's line, drawn again only when what it shows changed (see `sameCoverage`). */
const CoverageRow = memo(
  function CoverageRow({ coverage: c }: { coverage: ElementCoverage }) {
    return (
      <li data-testid="coverage-row" data-element={c.id}>
        <span className="tb-coverage__name">{c.name || '(unnamed)'}</span>
        <CoverageLetters coverage={c} />
        <span className="tb-coverage__count" data-testid="coverage-count">
          {c.expected.length - missingCategories(c).length}/{c.expected.length}
        </span>
      </li>
    )
  },
  (before, after) => sameCoverage(before.coverage, after.coverage),
)

// Guidance coverage: for every Threat Dragon and OTM fixture, the threats the authors recorded
// are set aside and the guidance rules run on the imported board; prints, per model, the share
// of (element, STRIDE category) pairs the rules suggest again, the suggestions per element, and
// the pairs they miss. Usage: node bench/guidance-coverage.ts [--verbose]
import { measureCoverage } from '../shared/src/guidance/coverage.ts'
import { fixtures } from '../shared/src/testing/interopFixtures.ts'

const verbose = process.argv.includes('--verbose')
const pct = (x: number | undefined) => (x === undefined ? 'n/a' : `${(x * 100).toFixed(1)} %`)
const rows = []
for (const f of fixtures()) {
  let r
  try {
    r = measureCoverage(f.name, f.format, f.json)
  } catch (err) {
    console.log(`${f.name}: not imported (${(err as Error).message})`)
    continue
  }
  rows.push(r)
  console.log(
    `${r.file} (${r.format}): elements ${r.elements}, pairs ${r.covered}/${r.expected} = ${pct(r.coverage)}, suggestions ${r.suggestions.length} (${r.suggestionsPerElement.toFixed(2)} per element)`,
  )
  for (const m of r.misses)
    console.log(`  miss: ${m.kind} "${m.element}" ${m.category} (${m.threat})`)
  if (verbose) for (const s of r.suggestions) console.log(`  ${s.ruleId} ${s.elementId} ${s.title}`)
}
const total = rows.reduce(
  (a, r) => ({
    e: a.e + r.elements,
    s: a.s + r.suggestions.length,
    x: a.x + r.expected,
    c: a.c + r.covered,
  }),
  { e: 0, s: 0, x: 0, c: 0 },
)
console.log(
  `all: pairs ${total.c}/${total.x} = ${pct(total.c / total.x)}, ${(total.s / total.e).toFixed(2)} suggestions per element`,
)

// Guidance coverage: for every Threat Dragon and OTM fixture, the threats the authors recorded
// are set aside and the guidance rules run on the imported board; prints, per model, the share
// of (element, STRIDE category) pairs the rules suggest again, the suggestions per element, and
// the pairs they miss; then times facts + rules on generated boards. Usage: node bench/guidance-coverage.ts [--verbose]
import { measureCoverage } from '../shared/src/guidance/coverage.ts'
import { DiagramBuilder } from '../shared/src/guidance/diagramBuilder.ts'
import { buildDiagramFacts } from '../shared/src/guidance/diagramFacts.ts'
import { suggest } from '../shared/src/guidance/suggest.ts'
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

// Speed: the client recomputes suggestions when the board changes, so time facts + rules on
// generated boards up to the import limit (2000 elements and flows): a grid of processes,
// every third a data store, one external entity per row, flows to each right neighbour, and a
// box boundary around every 5 × 5 block.
function generatedBoard(side: number) {
  const b = new DiagramBuilder()
  for (let by = 0; by < side; by += 5) {
    for (let bx = 0; bx < side; bx += 5)
      b.box(`z${bx}-${by}`, bx * 200 - 20, by * 200 - 20, 1000, 1000)
  }
  for (let y = 0; y < side; y++) {
    b.node(`u${y}`, 'external-entity', { x: -400, y: y * 200 })
    b.flow(`fu${y}`, `u${y}`, `n0-${y}`)
    for (let x = 0; x < side; x++) {
      b.node(`n${x}-${y}`, (x + y) % 3 === 2 ? 'data-store' : 'process', { x: x * 200, y: y * 200 })
      if (x > 0) b.flow(`f${x}-${y}`, `n${x - 1}-${y}`, `n${x}-${y}`)
    }
  }
  return b
}
for (const side of [10, 22, 31]) {
  const b = generatedBoard(side)
  const runs: number[] = []
  let n = 0
  let elements = 0
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now()
    const facts = buildDiagramFacts(b.records)
    n = suggest(facts).length
    runs.push(performance.now() - t0)
    elements = facts.elements.length
  }
  runs.sort((x, y) => x - y)
  console.log(
    `generated board: ${elements} elements and flows, ${n} suggestions, facts + suggest median ${runs[2]!.toFixed(1)} ms (5 runs)`,
  )
}

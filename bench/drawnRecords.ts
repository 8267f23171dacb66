// What reading only the drawn records costs the report and the exports (5 December): a room of
// --records shapes (DFD nodes, as the board stores them) read from its Y.Doc with readAllRecords,
// as before, and with readDrawnRecords (the same, then every record through tldraw's validators
// and the board's range and loop checks). Medians of --runs reads, in ms per read.
// Usage: node bench/drawnRecords.ts [--records 10000] [--runs 9]
import { parseArgs } from 'node:util'
import * as Y from 'yjs'
import { getRecordsMap, readAllRecords, writeRecord } from '../shared/src/index.ts'
import { readDrawnRecords } from '../shared/src/doc/drawnRecords.ts'
import { DiagramBuilder } from '../shared/src/guidance/diagramBuilder.ts'
import { machine, percentile } from './benchServer.ts'

const { values: opts } = parseArgs({
  options: {
    records: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '9' },
  },
})
const count = Number(opts.records)
const runs = Number(opts.runs)

const builder = new DiagramBuilder()
for (let i = 0; i < count; i++) builder.node(`n${i}`, 'process', { x: (i % 100) * 150, y: i })
const doc = new Y.Doc()
doc.transact(() => {
  for (const r of builder.records) writeRecord(getRecordsMap(doc), r)
})

const variants: [string, () => unknown[]][] = [
  ['readAllRecords (before)', () => readAllRecords(getRecordsMap(doc))],
  ['readDrawnRecords (after)', () => readDrawnRecords(doc)],
]
const samples = new Map<string, number[]>(variants.map(([name]) => [name, []]))
for (const [, read] of variants) read() // warm-up, and the schema made once
for (let r = 0; r < runs; r++) {
  const order = r % 2 === 0 ? variants : [...variants].reverse()
  for (const [name, read] of order) {
    const start = performance.now()
    const out = read()
    samples.get(name)!.push(performance.now() - start)
    if (out.length !== count) throw new Error(`${name} read ${out.length} of ${count} records`)
  }
}
console.log(
  `${new Date().toISOString()}; ${machine()}; Node ${process.version}; ${runs} reads of ${count}`,
)
console.log('| read | ms per read (median) | min | max |')
console.log('|---|---|---|---|')
for (const [name, values] of samples) {
  const sorted = [...values].sort((a, b) => a - b)
  const fmt = (n: number) => n.toFixed(1)
  console.log(
    `| ${name} | ${fmt(percentile(sorted, 50))} | ${fmt(sorted[0]!)} | ${fmt(sorted.at(-1)!)} |`,
  )
}

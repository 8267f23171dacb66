// What reading only the drawn records costs the report and the exports (5 December): a room of
// --records shapes (DFD nodes, as the board stores them) read from its Y.Doc with readAllRecords,
// as before, and with readDrawnRecords (the same, then every record through tldraw's validators
// and the board's range and loop checks). Medians of --runs reads, in ms per read.
// --board: side by side (each on the page), nested (each inside the one before: a script's
// chain), bound (side by side, each bound to the next by an anchor binding: a script's chain).
// Usage: node bench/drawnRecords.ts [--records 10000] [--runs 9] [--board side|nested|bound]
import { parseArgs } from 'node:util'
import * as Y from 'yjs'
import {
  getRecordsMap,
  MAX_SHAPE_DEPTH,
  readAllRecords,
  writeRecord,
  type JsonRecord,
} from '../shared/src/index.ts'
import { readDrawnRecords } from '../shared/src/doc/drawnRecords.ts'
import { DiagramBuilder } from '../shared/src/guidance/diagramBuilder.ts'
import { machine, printMedianTable } from './benchServer.ts'

const { values: opts } = parseArgs({
  options: {
    records: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '9' },
    board: { type: 'string', default: 'side' },
  },
})
const count = Number(opts.records)
const runs = Number(opts.runs)

const builder = new DiagramBuilder()
for (let i = 0; i < count; i++) builder.node(`n${i}`, 'process', { x: (i % 100) * 150, y: i })
const records: JsonRecord[] = builder.records.map((r, i) =>
  opts.board === 'nested' && i > 0 ? { ...r, parentId: `shape:n${i - 1}` } : r,
)
if (opts.board === 'bound') {
  for (let i = 1; i < count; i++) {
    const [fromId, toId] = [`shape:n${i - 1}`, `shape:n${i}`]
    records.push({ id: `binding:b${i}`, typeName: 'binding', type: 'tb-anchor', fromId, toId })
    Object.assign(records.at(-1)!, { props: { dx: 0, dy: 0 }, meta: {} })
  }
}
const doc = new Y.Doc()
doc.transact(() => {
  for (const r of records) writeRecord(getRecordsMap(doc), r)
})
// Nested past MAX_SHAPE_DEPTH, a chain is drawn only to that depth.
const drawn = opts.board === 'nested' ? Math.min(count, MAX_SHAPE_DEPTH) : records.length

const variants: [string, () => unknown[], number][] = [
  ['readAllRecords (before)', () => readAllRecords(getRecordsMap(doc)), records.length],
  ['readDrawnRecords (after)', () => readDrawnRecords(doc), drawn],
]
const samples = new Map<string, number[]>(variants.map(([name]) => [name, []]))
for (const [, read] of variants) read() // warm-up, and the schema made once
for (let r = 0; r < runs; r++) {
  const order = r % 2 === 0 ? variants : [...variants].reverse()
  for (const [name, read, expected] of order) {
    const start = performance.now()
    const out = read()
    samples.get(name)!.push(performance.now() - start)
    if (out.length !== expected) throw new Error(`${name} read ${out.length}, not ${expected}`)
  }
}
console.log(
  `${new Date().toISOString()}; ${machine()}; Node ${process.version}; ${runs} reads of ` +
    `${records.length} records (${count} shapes, ${opts.board})`,
)
printMedianTable('read', 'ms per read', samples)

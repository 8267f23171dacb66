// What a server-side Y.Doc costs to create (2 December): with Yjs's default guid (lib0's uuidv4,
// 31 calls into the crypto RNG) and as server/src/yDoc.ts creates it (Node's randomUUID). Every
// room created, woken, compacted, imported or exported makes one or more. Medians of --runs
// batches of --docs documents each, in µs per document.
// Usage: node bench/newDoc.ts [--docs 2000] [--runs 7]
import { parseArgs } from 'node:util'
import * as Y from 'yjs'
import { newDoc } from '../server/src/yDoc.ts'
import { machine, printMedianTable } from './benchServer.ts'

const { values: opts } = parseArgs({
  options: { docs: { type: 'string', default: '2000' }, runs: { type: 'string', default: '7' } },
})
const docs = Number(opts.docs)
const runs = Number(opts.runs)

function perDoc(make: () => Y.Doc): number {
  const start = process.cpuUsage()
  for (let i = 0; i < docs; i++) make().destroy()
  const used = process.cpuUsage(start)
  return (used.user + used.system) / docs
}

const variants: [string, () => Y.Doc][] = [
  ['new Y.Doc() (default guid)', () => new Y.Doc()],
  ['newDoc() (randomUUID guid)', () => newDoc()],
]
const samples = new Map<string, number[]>(variants.map(([name]) => [name, []]))
for (let r = 0; r < runs; r++) {
  // Alternate which goes first, so warm-up favours neither.
  const order = r % 2 === 0 ? variants : [...variants].reverse()
  for (const [name, make] of order) samples.get(name)!.push(perDoc(make))
}
console.log(
  `${new Date().toISOString()}; ${machine()}; Node ${process.version}; ${runs} runs of ${docs}`,
)
printMedianTable('document', 'CPU µs per document', samples)

// What sending offline work in pieces costs the page (client/src/sync/sendInPieces.ts): when a
// browser reconnects with more unsent work than the server takes in one message, it cuts the Yjs
// update into pieces (`splitUpdate`) on its main thread. Builds backlogs like a board drawn
// offline (N shapes as the board's binding writes them, plus some images as data URLs), then
// times, per backlog: encoding the update the provider sends anyway (`Y.encodeStateAsUpdate`
// against the server's state vector), and `splitUpdate` of it at the default 1 MiB limit.
// Usage: node bench/splitUpdate.ts [reps=5]
import * as Y from 'yjs'
import { DEFAULT_LIMITS } from '../shared/src/protocol/limits.ts'
import { splitUpdate } from '../client/src/sync/splitUpdate.ts'
import { machine, printMedianTable } from './benchServer.ts'

const reps = Number(process.argv[2] ?? 5)

/** A browser's doc holding `shapes` shapes and `images` images the server (empty) lacks. */
function backlog(shapes: number, images: number): Uint8Array {
  const doc = new Y.Doc()
  const records = doc.getMap<Y.Map<unknown>>('tl_records')
  for (let i = 0; i < shapes; i++) {
    doc.transact(() => {
      const record = new Y.Map<unknown>()
      records.set(`shape:${i}`, record)
      record.set('type', 'geo')
      record.set('transform', { x: i * 10, y: i * 7, rotation: 0 })
      const props = new Y.Map<unknown>()
      record.set('props', props)
      props.set('w', 120)
      props.set('h', 80)
      props.set('richText', {
        type: 'doc',
        content: [{ type: 'paragraph', content: [{ type: 'text', text: `Service ${i}` }] }],
      })
    })
  }
  for (let i = 0; i < images; i++) {
    const record = new Y.Map<unknown>()
    records.set(`asset:${i}`, record)
    const props = new Y.Map<unknown>()
    record.set('props', props)
    props.set('src', `data:image/png;base64,${'A'.repeat(700_000)}`)
  }
  return Y.encodeStateAsUpdate(doc, Y.encodeStateVector(new Y.Doc()))
}

const limit = DEFAULT_LIMITS.maxMessageBytes - 16
const encodeMs = new Map<string, number[]>()
const splitMs = new Map<string, number[]>()
console.log(`splitUpdate — ${machine()}, Node ${process.version}, ${new Date().toISOString()}`)
for (const [shapes, images] of [
  [500, 2],
  [2000, 4],
  [10_000, 8],
] as const) {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, backlog(shapes, images))
  const empty = Y.encodeStateVector(new Y.Doc())
  let update: Uint8Array = new Uint8Array()
  let pieces = 0
  const name = `${shapes} shapes + ${images} images`
  for (let r = 0; r < reps; r++) {
    let start = performance.now()
    update = Y.encodeStateAsUpdate(doc, empty)
    ;(encodeMs.get(name) ?? encodeMs.set(name, []).get(name)!).push(performance.now() - start)
    start = performance.now()
    pieces = splitUpdate(update, limit).length
    ;(splitMs.get(name) ?? splitMs.set(name, []).get(name)!).push(performance.now() - start)
  }
  console.log(`${name}: ${(update.byteLength / 2 ** 20).toFixed(1)} MiB, ${pieces} pieces`)
}
console.log('\nEncoding the backlog (done whether or not it is split):')
printMedianTable('backlog', 'encode ms', encodeMs)
console.log('\nSplitting it into pieces under 1 MiB:')
printMedianTable('backlog', 'split ms', splitMs)

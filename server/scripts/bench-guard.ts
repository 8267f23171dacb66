// Update guard benchmark: the server-side cost of checking client updates before they are
// applied, in a room whose board and threat model have been edited a lot (many deleted items).
// Two shapes of update: a sync step 2 carrying the room's whole delete set and no structs (what
// a reconnecting client sends; an attacker can send it in a loop), and one edit of a threat's
// field. Prints the time per update. Runs the guard in process, without the network.
// Usage: node server/scripts/bench-guard.ts [updates=2000]
// (GUARD_MODULE=<path> points at another modelGuard.ts to compare implementations.)
import * as Y from 'yjs'
import {
  getCollection,
  getRecordsMap,
  ThreatSchema,
  writeEntity,
  writeRecord,
} from '@threatboard/shared'

const count = Number(process.argv[2] ?? 2000)
const guardPath = process.env.GUARD_MODULE ?? '../src/sync/modelGuard.ts'
const { checkClientUpdate } = (await import(guardPath)) as {
  checkClientUpdate: (doc: Y.Doc, update: Uint8Array) => { ok: boolean }
}

/** 30 people each place 60 shapes and 10 threats, then move and retitle them 10 times. */
function editedRoom(): Y.Doc {
  const room = new Y.Doc()
  for (let person = 0; person < 30; person++) {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(room))
    for (let round = 0; round < 10; round++) {
      doc.transact(() => {
        for (let i = 0; i < 60; i++) {
          writeRecord(getRecordsMap(doc), {
            id: `shape:${person}-${i}`,
            typeName: 'shape',
            type: 'geo',
            parentId: 'page:page',
            index: 'a1',
            x: i + round,
            y: person,
            rotation: 0,
            props: { w: 100 + round, h: 50, geo: 'rectangle' },
            meta: {},
          })
        }
        for (let i = 0; i < 10; i++) {
          writeEntity(
            doc,
            'threats',
            ThreatSchema.parse({
              id: `t${person}-${i}`,
              category: 'tampering',
              title: `Threat ${i}, round ${round}`,
              targets: { elements: [], assets: [] },
              severity: round % 2 ? 'high' : 'low',
              status: 'open',
              createdAt: 1,
            }),
          )
        }
      })
    }
    Y.applyUpdate(room, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(room)))
    doc.destroy()
  }
  return room
}

function time(label: string, room: Y.Doc, update: Uint8Array): void {
  const started = performance.now()
  for (let i = 0; i < count; i++) {
    if (!checkClientUpdate(room, update).ok) throw new Error(`${label}: refused`)
  }
  const ms = performance.now() - started
  console.log(
    `${label.padEnd(44)} ${String(update.byteLength).padStart(7)} B  ` +
      `${(ms / count).toFixed(3).padStart(8)} ms/update  ${(ms / 1000).toFixed(1)} s for ${count}`,
  )
}

const room = editedRoom()
const size = Y.encodeStateAsUpdate(room).byteLength
console.log(`room: ${size} bytes, ${room.store.clients.size} clients`)
// A client that has everything sends back no structs and every delete it knows of.
time(
  'sync step 2 with the whole delete set',
  room,
  Y.encodeStateAsUpdate(room, Y.encodeStateVector(room)),
)
const client = new Y.Doc()
Y.applyUpdate(client, Y.encodeStateAsUpdate(room))
let edit: Uint8Array | undefined
client.on('update', (u: Uint8Array) => (edit = u))
getCollection(client, 'threats').get('t3-3')!.set('title', 'Totals signed by the server')
time('one threat field edited', room, edit!)

import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  getRecordsMap,
  readCollection,
  ThreatSchema,
  writeEntity,
  writeRecord,
} from '@threatboard/shared'
import { shapeRecord } from './helpers/boardRecords.ts'
import { connectClient, connectSynced, type TestClient } from './helpers/clients.ts'
import { waitFor } from './helpers/poll.ts'
import { createRoom, startServer, type TestServer } from './helpers/server.ts'

const RECORDS = 10_000

/**
 * Counts every struct Yjs encodes in this process (server and test clients alike): a copy of
 * the room's document — `encodeStateAsUpdate`, or any other whole-document encoding — writes
 * each of its structs once, so a single model edit that copied the room would write at least as
 * many structs as the room holds.
 */
function countStructWrites(): { writes: number; stop(): void } {
  const counter = { writes: 0, stop: () => {} }
  const protos = [Y.Item.prototype, Y.GC.prototype] as { write: (...a: unknown[]) => void }[]
  const originals = protos.map((p) => p.write)
  protos.forEach((proto, i) => {
    proto.write = function (this: unknown, ...args: unknown[]) {
      counter.writes++
      return originals[i]!.apply(this, args)
    }
  })
  counter.stop = () => protos.forEach((proto, i) => (proto.write = originals[i]!))
  return counter
}

const structCount = (doc: Y.Doc) =>
  [...doc.store.clients.values()].reduce((n, structs) => n + structs.length, 0)

describe('a model edit in a 10,000-record room', () => {
  let server: TestServer
  let roomId: string
  let writer: TestClient
  let reader: TestClient

  beforeAll(async () => {
    server = await startServer()
    roomId = await createRoom(server.url, 'Large board')
    writer = await connectSynced(server.wsBase, roomId)
    // The board arrives in transactions of 1,000 records, each a message under the size limit.
    for (let start = 0; start < RECORDS; start += 1000) {
      writer.doc.transact(() => {
        for (let i = start; i < start + 1000; i++) {
          writeRecord(
            getRecordsMap(writer.doc),
            shapeRecord(
              `shape:${i}`,
              'geo',
              { x: i % 100, y: Math.floor(i / 100) },
              { w: 100, h: 50, geo: 'rectangle' },
            ),
          )
        }
      })
    }
    writeEntity(
      writer.doc,
      'threats',
      ThreatSchema.parse({
        id: 't1',
        category: 'tampering',
        title: 'Order total changed in transit',
        targets: { elements: ['shape:7'], assets: [] },
        severity: 'high',
        status: 'open',
        createdAt: 1,
      }),
    )
    reader = connectClient(server.wsBase, roomId)
    await waitFor(
      () =>
        readCollection(reader.doc, 'threats').length === 1 &&
        getRecordsMap(reader.doc).size >= RECORDS,
      'the reader holds the whole board',
      30_000,
    )
  }, 120_000)

  afterAll(async () => {
    writer?.destroy()
    reader?.destroy()
    await server?.close()
  })

  it('reaches the other participant without the server copying the room to check it', async () => {
    const room = (await server.app.rooms.peek(roomId))!
    expect(getRecordsMap(room.doc).size).toBeGreaterThanOrEqual(RECORDS)
    const roomStructs = structCount(room.doc)
    expect(roomStructs).toBeGreaterThan(RECORDS)

    const counter = countStructWrites()
    try {
      const threat = readCollection(writer.doc, 'threats')[0]!
      writeEntity(writer.doc, 'threats', { ...threat, title: 'Totals signed by the server' })
      await waitFor(
        () => readCollection(reader.doc, 'threats')[0]?.title === 'Totals signed by the server',
        'the reader sees the new title',
      )
    } finally {
      counter.stop()
    }
    // The edit, the server's copy of the one threat it touches, its log entry and the relay:
    // a few dozen structs, where one copy of the room would be tens of thousands.
    expect(counter.writes).toBeLessThan(roomStructs / 100)
  })
})

import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { afterAll, describe, expect, it } from 'vitest'
import {
  CloseCode,
  findModelProblem,
  getCollection,
  getDocSchema,
  getMetaMap,
  MODEL_ROOTS,
  readCollection,
  SCHEMA_KEY,
} from '@threatboard/shared'
import { connectSynced, type TestClient } from './helpers/clients.ts'
import { windowOf, type FuzzTarget } from './helpers/fuzzFrames.ts'
import { waitFor } from './helpers/poll.ts'
import { spawnServer, stopProcess, type ServerProcess } from './helpers/process.ts'
import { openRawSocket, type RawSocket } from './helpers/rawSocket.ts'
import { createRoomFull, syncUrl, tempDataDir, type Tokens } from './helpers/server.ts'

/** Frames to send (CI size by default; `FUZZ_FRAMES=1000000` for the long run). */
const FRAMES = Number(process.env.FUZZ_FRAMES ?? 20_000)
/** With `FUZZ_SECONDS`, the storm stops after that long even if fewer frames were sent. */
const BUDGET_MS = process.env.FUZZ_SECONDS ? Number(process.env.FUZZ_SECONDS) * 1000 : undefined
const SEED = Number(process.env.FUZZ_SEED ?? 20261130)
/** Frames per window: the last one may close the socket, the others must not. */
const WINDOW = 32
/** Attacking sockets at a time. */
const LANES = 6
/** How much the server's resident memory may grow over the storm. */
const MEMORY_BOUND_MB = 256
/** The server's old-generation heap limit during the storm (and after the restart). */
const HEAP_CAP_MB = 160

const ALLOWED_CLOSES: number[] = [
  CloseCode.BAD_MESSAGE,
  CloseCode.INVALID_UPDATE,
  CloseCode.MESSAGE_TOO_BIG,
]

const residentMb = (pid: number) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/)
  return Number(line![1]) / 1024
}

/** A raw editor socket, with the server's first state vector (to ask it for little later). */
interface Lane {
  raw: RawSocket
  stateVector: Uint8Array
  step2Asked: number
}

const step2Count = (raw: RawSocket) => raw.received.filter((m) => m[0] === 0 && m[1] === 1).length

async function openLane(url: string): Promise<Lane> {
  const raw = await openRawSocket(url)
  await waitFor(() => raw.received.length > 0, 'the server to send sync step 1')
  const d = decoding.createDecoder(raw.received[0]!)
  decoding.readVarUint(d)
  decoding.readVarUint(d)
  return { raw, stateVector: decoding.readVarUint8Array(d), step2Asked: 0 }
}

/**
 * Asks for what changed since the lane connected and waits for the answer, or for the close:
 * the server handles a socket's frames in order, so all sent before have been dealt with.
 */
async function settle(lane: Lane): Promise<{ code: number } | undefined> {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint8Array(e, lane.stateVector)
  lane.raw.ws.send(encoding.toUint8Array(e), () => {})
  lane.step2Asked++
  const closed = lane.raw.closed.then((c) => ({ code: c.code }))
  const answered = waitFor(
    () => step2Count(lane.raw) >= lane.step2Asked,
    'the server to answer',
    30_000,
  ).then(() => undefined)
  const result = await Promise.race([closed, answered])
  // Keep memory flat over a long run: the lane only needs to count answers.
  if (!result) {
    lane.step2Asked -= step2Count(lane.raw)
    lane.raw.received.length = 0
  }
  return result
}

const honestEntries = (doc: Y.Doc) => doc.getMap('honest').toJSON()

describe('protocol fuzzing against a live server', () => {
  let server: ServerProcess | undefined
  const clients: TestClient[] = []
  afterAll(async () => {
    for (const c of clients.splice(0)) c.destroy()
    if (server) await stopProcess(server, 'SIGKILL')
  })

  it(
    `survives ${BUDGET_MS ? 'up to ' : ''}${FRAMES} generated and mutated frames from editors; other clients and rooms are unaffected`,
    async () => {
      const dataDir = tempDataDir()
      const env = {
        DATA_DIR: dataDir,
        LOG_LEVEL: 'error',
        RATE_LIMIT_ROOM_PER_MIN: '1000000',
        MAX_CONNECTIONS_PER_ROOM: '1000',
        // A leak must show as a crash, not hide in a heap V8 is free to grow: the server's heap
        // is capped well below what the storm allocates over a long run.
        NODE_OPTIONS: `--max-old-space-size=${HEAP_CAP_MB}`,
      }
      server = await spawnServer(env)
      const { url, wsBase } = server
      const a = await createRoomFull(url, 'Attacked room')
      const b = await createRoomFull(url, 'Quiet room')
      const call = (roomId: string, tokens: Tokens, path: string, json: unknown) =>
        fetch(`${url}/api/rooms/${roomId}${path}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${tokens.observer}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify(json),
        })
      const hint = (text: string) =>
        call(a.id, a.tokens, '/hints', { text, author: 'Oscar', target: { kind: 'board' } })

      const honestA = await connectSynced(wsBase, a.id)
      const honestA2 = await connectSynced(wsBase, a.id)
      const honestB = await connectSynced(wsBase, b.id)
      const honestB2 = await connectSynced(wsBase, b.id)
      clients.push(honestA, honestA2, honestB, honestB2)
      expect((await hint('before the storm')).status).toBe(201)
      await waitFor(() => readCollection(honestA.doc, 'hints').length === 1, 'the first hint')
      const hintItem = getCollection(honestA.doc, 'hints')._map.values().next().value!
      const schemaItem = getMetaMap(honestA.doc)._map.get(SCHEMA_KEY)!
      const schema = getDocSchema(honestA.doc)
      const target: FuzzTarget = {
        serverClient: hintItem.id.client,
        serverClock: Y.getState(honestA.doc.store, hintItem.id.client),
        honestClients: [honestA.doc.clientID, honestA2.doc.clientID],
        schemaItem: {
          client: schemaItem.id.client,
          clock: schemaItem.id.clock,
          length: schemaItem.length,
        },
      }

      // Honest people keep working in both rooms all along; room B's round trips are timed.
      const expectedA: Record<string, number> = {}
      const expectedB: Record<string, number> = {}
      const sentAt = new Map<string, number>()
      let worstStallMs = 0
      honestB2.doc.getMap('honest').observe((event) => {
        for (const key of event.keysChanged) {
          const t0 = sentAt.get(key)
          if (t0 !== undefined) worstStallMs = Math.max(worstStallMs, performance.now() - t0)
        }
      })
      let n = 0
      const honestWork = setInterval(() => {
        const key = `k${n}`
        honestA.doc.getMap('honest').set(key, n)
        expectedA[key] = n
        sentAt.set(key, performance.now())
        honestB.doc.getMap('honest').set(key, n)
        expectedB[key] = n
        n++
      }, 50)

      const rssBefore = residentMb(server.child.pid!)
      const started = performance.now()
      const kinds: Record<string, number> = {}
      const closes: Record<number, number> = {}
      let sent = 0
      const windowsPerLane = Math.ceil(FRAMES / WINDOW / LANES)
      const attackUrl = syncUrl(wsBase, a.id, 'editor')
      const runLane = async (laneNo: number) => {
        let lane: Lane | undefined
        await fc.assert(
          fc.asyncProperty(windowOf(target, WINDOW), async (frames) => {
            lane ??= await openLane(attackUrl)
            for (const f of frames) {
              lane.raw.ws.send(f.bytes, () => {})
              kinds[f.kind] = (kinds[f.kind] ?? 0) + 1
            }
            sent += frames.length
            if (sent % 50_000 < frames.length) {
              const rss = Math.round(residentMb(server!.child.pid!))
              const secs = Math.round((performance.now() - started) / 1000)
              console.info(`${sent} frames in ${secs} s, server resident memory ${rss} MB`)
            }
            const closed = await settle(lane)
            expect(server!.child.exitCode, 'the server process is alive').toBeNull()
            if (closed) {
              closes[closed.code] = (closes[closed.code] ?? 0) + 1
              expect(ALLOWED_CLOSES).toContain(closed.code)
              lane = undefined
            }
          }),
          {
            numRuns: windowsPerLane,
            seed: SEED + laneNo,
            endOnFailure: true,
            ...(BUDGET_MS
              ? { interruptAfterTimeLimit: BUDGET_MS, markInterruptAsFailure: false }
              : {}),
          },
        )
        lane?.raw.close()
      }
      await Promise.all(Array.from({ length: LANES }, (_, i) => runLane(i)))
      const seconds = (performance.now() - started) / 1000
      clearInterval(honestWork)
      const rssAfter = residentMb(server.child.pid!)

      // The server wrote nothing with its own client id meanwhile: a later hint must survive.
      expect((await hint('after the storm')).status).toBe(201)
      for (const c of [honestA, honestA2]) {
        await waitFor(
          () => readCollection(c.doc, 'hints').length === 2,
          'both hints at every honest client',
        )
        await waitFor(
          () => JSON.stringify(honestEntries(c.doc)) === JSON.stringify(expectedA),
          'every honest edit in room A',
        )
      }
      await waitFor(
        () => JSON.stringify(honestEntries(honestB2.doc)) === JSON.stringify(expectedB),
        'every honest edit in room B',
      )
      await waitFor(
        () => Y.equalSnapshots(Y.snapshot(honestA.doc), Y.snapshot(honestA2.doc)),
        'the honest clients of room A to converge',
      )
      expect(getDocSchema(honestA.doc)).toEqual(schema)
      expect(findModelProblem(honestA.doc, Object.values(MODEL_ROOTS))).toBeUndefined()
      const live = Y.encodeStateAsUpdate(honestA.doc)

      console.info(
        JSON.stringify({
          frames: sent,
          seconds: Math.round(seconds),
          framesPerSecond: Math.round(sent / seconds),
          kinds,
          closes,
          rssBeforeMb: Math.round(rssBefore),
          rssAfterMb: Math.round(rssAfter),
          worstRoomBRoundTripMs: Math.round(worstStallMs),
          honestEditsPerRoom: n,
        }),
      )
      if (!BUDGET_MS) expect(sent).toBeGreaterThanOrEqual(FRAMES)
      expect(rssAfter - rssBefore).toBeLessThan(MEMORY_BOUND_MB)

      // After a restart the stored rooms are exactly what the honest clients hold.
      for (const c of clients.splice(0)) c.destroy()
      await stopProcess(server, 'SIGTERM')
      server = await spawnServer(env)
      const freshA = await connectSynced(server.wsBase, a.id)
      const freshB = await connectSynced(server.wsBase, b.id)
      clients.push(freshA, freshB)
      const expectedDoc = new Y.Doc()
      Y.applyUpdate(expectedDoc, live)
      expect(Y.equalSnapshots(Y.snapshot(freshA.doc), Y.snapshot(expectedDoc))).toBe(true)
      expect(honestEntries(freshA.doc)).toEqual(expectedA)
      expect(honestEntries(freshB.doc)).toEqual(expectedB)
      expect(
        readCollection(freshA.doc, 'hints')
          .map((h) => h.text)
          .sort(),
      ).toEqual(['after the storm', 'before the storm'])
      expect(getDocSchema(freshA.doc)).toEqual(schema)
      expect(freshA.doc.store.pendingStructs).toBeNull()
      expect(freshA.doc.store.pendingDs).toBeNull()
    },
    Math.max(180_000, FRAMES * 10),
  )
})

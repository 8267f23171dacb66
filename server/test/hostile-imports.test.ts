import { monitorEventLoopDelay } from 'node:perf_hooks'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InteropFormat } from '@threatboard/shared'
import { fixtures, haveFixtures } from '@threatboard/shared/testing'
import { startServer, type TestServer } from './helpers/server.ts'

/**
 * Hostile model files against the live import route: whatever a file holds, the answer is a
 * clear 4xx (or 201 for a file that is valid after all), never a 5xx; a refused file creates no
 * room; and no import stalls the event loop that serves every other room for a second or more
 * (a safety bound, not a speed target). FUZZ_RUNS=<n> runs each generated property n times
 * instead of the CI size.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 0) || undefined
const runs = (ciSize: number) => ({ numRuns: RUNS ?? ciSize })
/** Time for a property of `ciSize` runs (a file takes well under half a second). */
const timeFor = (ciSize: number) => 30_000 + (RUNS ?? ciSize) * 500
const MAX_STALL_MS = 1000
const FORMATS: InteropFormat[] = ['threat-dragon', 'otm', 'tm-bom']

let s: TestServer
const stall = monitorEventLoopDelay({ resolution: 10 })
let worstStallMs = 0
let tried = 0

beforeAll(async () => {
  s = await startServer({ env: { RATE_LIMIT_CREATE_PER_MIN: '100000' } })
  stall.enable()
})
afterAll(async () => {
  stall.disable()
  console.info(`hostile imports: ${tried} files tried, worst event-loop stall ${worstStallMs} ms`)
  await s.close()
})

const roomCount = async () => (await s.app.store.listRooms()).length

/**
 * Posts one file (a JSON value, or raw text) and checks the promise above; returns the status.
 * The stall is measured only while the server handles the request, not while the test builds it.
 */
async function importChecked(format: InteropFormat, body: unknown, raw = false): Promise<number> {
  const text = raw ? (body as string) : JSON.stringify(body)
  const before = await roomCount()
  stall.reset()
  const res = await fetch(`${s.url}/api/rooms/import?format=${format}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: text,
  })
  const answer = (await res.json()) as { error?: { message: string } }
  const stallMs = Math.round(stall.max / 1e6)
  worstStallMs = Math.max(worstStallMs, stallMs)
  tried++
  const after = await roomCount()
  const what = `${format} file of ${text.length} bytes answered ${res.status}`
  expect(res.status, `${what}: ${JSON.stringify(answer).slice(0, 300)}`).toBeLessThan(500)
  expect([201, 400, 413, 415], what).toContain(res.status)
  if (res.status === 201) {
    expect(after, what).toBe(before + 1)
  } else {
    expect(after, `${what} but created a room`).toBe(before)
    expect(answer.error?.message, what).toMatch(/\S/)
  }
  expect(stallMs, `${what} after stalling the event loop ${stallMs} ms`).toBeLessThan(MAX_STALL_MS)
  return res.status
}

/** Every path to a value inside `json` (objects and arrays), at most `limit` of them. */
function pathsOf(json: unknown, limit = 5000): (string | number)[][] {
  const out: (string | number)[][] = []
  const walk = (v: unknown, path: (string | number)[]) => {
    if (out.length >= limit) return
    out.push(path)
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]))
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, [...path, k])
    }
  }
  walk(json, [])
  return out
}

type Mutation = 'replace' | 'delete' | 'proto-key' | 'constructor-key' | 'repeat' | 'nest'
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty']

/** A copy of `json` with one hostile change at `path`. */
function mutate(json: unknown, path: (string | number)[], how: Mutation, value: unknown): unknown {
  const copy = structuredClone(json)
  if (path.length === 0) return how === 'replace' ? value : copy
  const parent = path
    .slice(0, -1)
    .reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], copy) as Record<
    string | number,
    unknown
  >
  const key = path[path.length - 1]!
  switch (how) {
    case 'replace':
      parent[key] = value
      break
    case 'delete':
      if (Array.isArray(parent)) parent.splice(key as number, 1)
      else delete parent[key]
      break
    case 'proto-key':
    case 'constructor-key': {
      // A key that would reach Object.prototype if the server assigned it blindly; as a
      // property of the data here (JSON.stringify writes it like any other key).
      const name = how === 'proto-key' ? '__proto__' : 'constructor'
      const target = parent[key]
      const inject = { [name]: value, prototype: { polluted: true } }
      if (target && typeof target === 'object' && !Array.isArray(target)) {
        Object.defineProperty(target, name, { value: inject, enumerable: true })
      } else {
        parent[key] = HOSTILE_KEYS[JSON.stringify(value).length % HOSTILE_KEYS.length]
      }
      break
    }
    case 'repeat': {
      // The same value many times over: a huge array where one was (a few MB at most).
      const size = JSON.stringify(parent[key] ?? null).length
      const times = Math.max(2, Math.min(3000, Math.floor(3_000_000 / size)))
      parent[key] = Array.from({ length: times }, () => parent[key])
      break
    }
    case 'nest':
      parent[key] = nested(2000, parent[key])
      break
  }
  return copy
}

/** `depth` levels of objects and arrays around `inner`. */
function nested(depth: number, inner: unknown): unknown {
  let v = inner
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v }
  return v
}

const tmBomFiles = fixtures(['tm-bom'])
const allFixtures = [...fixtures(), ...tmBomFiles]

describe.skipIf(!haveFixtures)('hostile model files', () => {
  it(
    'mutated fixtures of every format: a clear answer, no room on refusal, no stall',
    async () => {
      const cases = allFixtures.map((fx) => ({ fx, paths: pathsOf(fx.json) }))
      await fc.assert(
        fc.asyncProperty(
          fc.nat({ max: cases.length - 1 }),
          fc.nat(),
          fc.constantFrom<Mutation>(
            'replace',
            'replace',
            'delete',
            'proto-key',
            'constructor-key',
            'repeat',
            'nest',
          ),
          fc.oneof(
            fc.jsonValue({ maxDepth: 3 }),
            fc.constantFrom(...HOSTILE_KEYS, -1, 1e308, '', ' ', 'x'.repeat(200_001), null),
          ),
          fc.boolean(),
          async (which, at, how, value, crossFormat) => {
            const { fx, paths } = cases[which]!
            const path = paths[at % paths.length]!
            // Sometimes the file is sent as another format than its own.
            const format = crossFormat ? FORMATS[at % FORMATS.length]! : fx.format
            await importChecked(format, mutate(fx.json, path, how, value))
          },
        ),
        runs(120),
      )
    },
    timeFor(120),
  )

  it(
    'arbitrary JSON and broken text: never a 5xx',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...FORMATS),
          fc.oneof(
            fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)),
            fc.string({ maxLength: 200 }),
            fc.jsonValue().map((v) => JSON.stringify(v).slice(0, -1)),
          ),
          async (format, text) => {
            await importChecked(format, text, true)
          },
        ),
        runs(60),
      )
    },
    timeFor(60),
  )

  it(
    'wrong types in every field of a minimal file of each format',
    async () => {
      const minimal: Record<InteropFormat, Record<string, unknown>> = {
        'threat-dragon': {
          version: '2.3.0',
          summary: { title: 'x' },
          detail: { diagrams: [{ title: 'd', cells: [] }] },
        },
        otm: { otmVersion: '0.2.0', project: { name: 'x', id: 'x' } },
        'tm-bom': { version: '1', scope: { title: 'x' } },
      }
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...FORMATS),
          fc.constantFrom(
            'version',
            'summary',
            'detail',
            'otmVersion',
            'project',
            'scope',
            'components',
            'threats',
            'actors',
            'data_flows',
            'trustZones',
            'dataflows',
          ),
          fc.jsonValue({ maxDepth: 4 }),
          async (format, field, value) => {
            await importChecked(format, { ...minimal[format], [field]: value })
          },
        ),
        runs(60),
      )
    },
    timeFor(60),
  )

  it('deep nesting, huge arrays and pathological sizes in each format', async () => {
    // Nesting too deep for a recursive JSON.stringify: written as text into the file's text.
    const DEEP = '"deep-nesting-here"'
    const deep = JSON.parse(DEEP) as string
    const depth = 100_000
    const deepText = '{"a":['.repeat(depth) + '1' + ']}'.repeat(depth)
    const td = (cells: unknown[]) => ({
      version: '2.3.0',
      summary: { title: 'big' },
      detail: { diagrams: [{ title: 'd', cells }] },
    })
    const node = (i: number, threats: unknown[] = []) => ({
      id: `c${i}`,
      shape: 'process',
      position: { x: (i % 50) * 200, y: Math.floor(i / 50) * 200 },
      size: { width: 100, height: 60 },
      data: { type: 'tm.Process', name: `P${i}`, threats },
    })
    const threat = (i: number) => ({ id: `t${i}`, title: `T${i}`, type: 'Spoofing' })
    const otm = (components: unknown[], threats: unknown[] = []) => ({
      otmVersion: '0.2.0',
      project: { name: 'big', id: 'big' },
      trustZones: [{ id: 'z', name: 'Z', risk: { trustRating: 1 } }],
      components,
      threats,
    })
    const otmThreat = { id: 't', name: 'T', categories: ['Tampering'], risk: { impact: 50 } }
    const instances = (n: number) => Array.from({ length: n }, () => ({ threat: 't' }))
    const comp = (i: number, threats: unknown[] = []) => ({
      id: `c${i}`,
      name: `C${i}`,
      type: 'web',
      parent: { trustZone: 'z' },
      threats,
    })
    const tmBom = tmBomFiles[0]!.json

    const cases: [InteropFormat, unknown, number | undefined][] = [
      // Issue 11: 40,000 instances of one threat (~600 KB) took the server a minute.
      [
        'otm',
        otm(
          [
            comp(0, instances(1000)),
            ...Array.from({ length: 39 }, (_, i) => comp(i + 1, instances(1000))),
          ],
          [otmThreat],
        ),
        201,
      ],
      // Issue 11: a threat on more than 50 elements answered 500.
      [
        'otm',
        otm(
          Array.from({ length: 60 }, (_, i) => comp(i, instances(1))),
          [otmThreat],
        ),
        400,
      ],
      ['threat-dragon', td(Array.from({ length: 60 }, (_, i) => node(i, [threat(0)]))), 400],
      // The largest accepted model: 1,999 elements and 5,000 threats, built off the event loop.
      [
        'otm',
        otm(
          Array.from({ length: 1999 }, (_, i) =>
            comp(i, [
              { threat: `t${i}` },
              { threat: `t${(i + 1999) % 5000}` },
              { threat: `t${(i + 3998) % 5000}` },
            ]),
          ),
          Array.from({ length: 5000 }, (_, i) => ({ ...otmThreat, id: `t${i}` })),
        ),
        undefined,
      ],
      [
        'threat-dragon',
        td(Array.from({ length: 1990 }, (_, i) => node(i, [threat(i), threat(i + 2000)]))),
        201,
      ],
      // Over the limits: refused before anything is built.
      ['threat-dragon', td(Array.from({ length: 5001 }, (_, i) => node(i))), 400],
      ['otm', otm(Array.from({ length: 2500 }, (_, i) => comp(i))), 400],
      [
        'tm-bom',
        {
          ...tmBom,
          actors: Array.from({ length: 2500 }, (_, i) => ({
            symbolic_name: `a${i}`,
            title: 'A',
            description: '',
            type: 'user',
          })),
        },
        400,
      ],
      // Deep nesting where a format allows any value, and where it does not.
      ['threat-dragon', td([{ ...node(0), attrs: { deep } }]), undefined],
      ['otm', { ...otm([comp(0)]), components: [{ ...comp(0), attributes: { deep } }] }, undefined],
      ['tm-bom', { ...tmBom, extensions: { 'example.com/x': deep } }, undefined],
      ['tm-bom', { ...tmBom, scope: deep }, 400],
      // Strings and arrays far past what any field holds.
      ['otm', { ...otm([comp(0)]), project: { name: 'x'.repeat(4_000_000), id: 'x' } }, 400],
      ['tm-bom', { ...tmBom, threats: Array.from({ length: 6000 }, () => ({})) }, 400],
      [
        'threat-dragon',
        { ...td([]), detail: { diagrams: Array.from({ length: 51 }, () => ({ cells: [] })) } },
        400,
      ],
      // A body over the import size limit.
      ['otm', { ...otm([comp(0)]), padding: 'x'.repeat(6 * 1024 * 1024) }, 413],
    ]
    for (const [format, body, expected] of cases) {
      const text = JSON.stringify(body)
      const status = text.includes(DEEP)
        ? await importChecked(format, text.replace(DEEP, deepText), true)
        : await importChecked(format, body)
      if (expected !== undefined) expect(status, `${format} case`).toBe(expected)
    }
  }, 120_000)

  it('refuses a model drawn beyond the board, naming the element, and creates no room', async () => {
    // Every browser skips a shape past ±10,000,000 board units: such an import answered 201 and
    // its room opened empty for everyone.
    const td = {
      version: '2.3.0',
      summary: { title: 'far away' },
      detail: {
        diagrams: [
          {
            title: 'd',
            cells: [
              {
                id: 'c0',
                shape: 'process',
                position: { x: 1e300, y: 0 },
                size: { width: 100, height: 60 },
                data: { type: 'tm.Process', name: 'Far process' },
              },
            ],
          },
        ],
      },
    }
    const otmFile = structuredClone(
      fixtures(['otm']).find((f) => f.name === 'otm_example.json')!.json,
    )
    // In range in the file, beyond it once spread (×2) to make room for cards.
    const component = (otmFile as { components: { representations: { position: object }[] }[] })
      .components[0]!
    component.representations[0]!.position = { x: 6_000_000, y: 100 }
    for (const [format, file] of [
      ['threat-dragon', td],
      ['otm', otmFile],
    ] as const) {
      const before = await roomCount()
      const res = await fetch(`${s.url}/api/rooms/import?format=${format}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(file),
      })
      const answer = (await res.json()) as { error?: { message: string } }
      expect(res.status, format).toBe(400)
      expect(answer.error?.message, format).toMatch(/ lies beyond the board \(/)
      expect(await roomCount()).toBe(before)
    }
  })

  it('__proto__ and constructor keys never reach an object’s prototype', async () => {
    const raw = [
      '{"__proto__": {"polluted": true}, "otmVersion": "0.2.0", "project": {"name": "x", "id": "x"}}',
      '{"otmVersion": "0.2.0", "project": {"name": "x", "id": "x", "constructor": {"prototype": {"polluted": true}}}}',
      '{"version": "2.3.0", "summary": {"title": "x"}, "detail": {"diagrams": [{"cells": [{"id": "p", "shape": "process", "position": {"x": 0, "y": 0}, "size": {"width": 1, "height": 1}, "data": {"type": "constructor", "threats": [{"type": "constructor", "severity": "__proto__", "status": "toString"}]}}]}]}}',
    ]
    for (const text of raw) {
      for (const format of FORMATS) await importChecked(format, text, true)
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createBoardSchema,
  fromTmBom,
  getRecordsMap,
  initialBoardRecords,
  readAllRecords,
  readCollection,
  seedRoomDoc,
  writeModelToDoc,
} from '@threatboard/shared'
import { layOutZones } from '@threatboard/shared/interop/tmBomLayout.ts'
import { fixtures, haveFixtures } from '@threatboard/shared/testing'
import { connectSynced } from './helpers/clients.ts'
import { labelsOnElements } from './helpers/flowLabels.ts'
import { startServer, type TestServer } from './helpers/server.ts'

type Named = { symbolic_name: string; title: string }
type TmBomFile = {
  scope: { title: string }
  trust_zones?: Named[]
  actors?: Named[]
  components?: Named[]
  data_stores?: Named[]
  data_flows?: (Named & { source: { object: string }; destination: { object: string } })[]
  threats?: (Named & {
    attack_mechanisms?: { capec_id: number }[]
    weaknesses?: { cwe_id: number }[]
  })[]
  controls?: (Named & { threats: string[] })[]
}

/** Counted from the file itself, not through the importer. */
function expected(file: TmBomFile) {
  const nodes = [...(file.actors ?? []), ...(file.components ?? []), ...(file.data_stores ?? [])]
  const names = new Set(nodes.map((n) => n.symbolic_name))
  return {
    elements: nodes.map((n) => n.symbolic_name).sort(),
    // Flows whose ends both exist (the file's own references), every one of them.
    flows: (file.data_flows ?? [])
      .filter((f) => names.has(f.source.object) && names.has(f.destination.object))
      .map((f) => f.symbolic_name)
      .sort(),
    boundaries: (file.trust_zones ?? []).map((z) => z.title).sort(),
    threats: (file.threats ?? []).map((t) => t.title).sort(),
  }
}

const tmBoms = fixtures(['tm-bom'])

describe.skipIf(!haveFixtures)('TM-BOM import', () => {
  it('finds the TM-BOM demo', () => {
    expect(tmBoms.map((f) => f.name)).toContain('huskyai.tmbom.json')
  })

  for (const fx of tmBoms) {
    const file = fx.json as TmBomFile
    it(`${fx.name}: holds every actor, component, data store, flow, trust zone and threat`, () => {
      const { model } = fromTmBom(fx.json)
      expect({
        elements: model.elements.map((e) => e.id).sort(),
        flows: model.flows.map((f) => f.id).sort(),
        boundaries: model.boundaries.map((b) => b.name).sort(),
        threats: model.threats.map((t) => t.title).sort(),
      }).toEqual(expected(file))
      // Every CAPEC and CWE reference of a threat is kept in its description.
      for (const t of file.threats ?? []) {
        const held = model.threats.find((m) => m.id === t.symbolic_name)!
        for (const m of t.attack_mechanisms ?? []) {
          expect(held.description).toContain(`CAPEC-${m.capec_id}`)
        }
        for (const w of t.weaknesses ?? []) expect(held.description).toContain(`CWE-${w.cwe_id}`)
      }
      // Controls become recommendations answering their threats, and are named as mitigation.
      for (const c of file.controls ?? []) {
        const rec = model.recommendations.find((r) => r.id === c.symbolic_name)!
        expect(rec.threatIds.sort()).toEqual([...new Set(c.threats)].sort())
        for (const t of c.threats) {
          expect(model.threats.find((m) => m.id === t)!.mitigation).toContain(c.title)
        }
      }
      // The board draws elements inside their zone's box, and nothing on top of another.
      const zoneOf = new Map(
        [...(file.actors ?? []), ...(file.components ?? []), ...(file.data_stores ?? [])].map(
          (n) => [n.symbolic_name, (n as { trust_zone?: string }).trust_zone],
        ),
      )
      for (const e of model.elements) {
        const zone = model.boundaries.find((b) => b.id === zoneOf.get(e.id))
        if (zone?.shape !== 'box') continue
        expect(e.x).toBeGreaterThanOrEqual(zone.x)
        expect(e.x + e.w).toBeLessThanOrEqual(zone.x + zone.w)
        expect(e.y + e.h).toBeLessThanOrEqual(zone.y + zone.h)
      }
      const corners = new Set(model.elements.map((e) => `${e.x},${e.y}`))
      expect(corners.size).toBe(model.elements.length)
    })
  }

  it('says what it could not hold', () => {
    const fx = tmBoms.find((f) => f.name === 'huskyai.tmbom.json')!
    const { warnings } = fromTmBom(fx.json)
    // The demo places a data set in a data store it never defines.
    expect(warnings).toContain(
      'data set uploaded-images: data store uploaded-images-redis does not exist',
    )
    expect(warnings.some((w) => /has no STRIDE category; guessed/.test(w))).toBe(true)
  })

  it('lays the demo out along its flows: few cross, few run through an element, zones apart', () => {
    const fx = tmBoms.find((f) => f.name === 'huskyai.tmbom.json')!
    const { model } = fromTmBom(fx.json)
    type P = { x: number; y: number }
    const centre = (id: string): P => {
      const e = model.elements.find((m) => m.id === id)!
      return { x: e.x + e.w / 2, y: e.y + e.h / 2 }
    }
    const side = (a: P, b: P, c: P) => (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
    const cross = (a: P, b: P, c: P, d: P) =>
      side(a, b, c) * side(a, b, d) < 0 && side(c, d, a) * side(c, d, b) < 0
    // Each flow as the straight line between its elements' centres.
    const endOf = (end: unknown) => (end as { element: string }).element
    const lines = model.flows.map((f) => ({
      ends: [endOf(f.source), endOf(f.target)],
      a: centre(endOf(f.source)),
      b: centre(endOf(f.target)),
    }))
    let crossings = 0
    for (let i = 0; i < lines.length; i++) {
      for (let j = i + 1; j < lines.length; j++) {
        if (cross(lines[i]!.a, lines[i]!.b, lines[j]!.a, lines[j]!.b)) crossings++
      }
    }
    const through: string[] = []
    for (const l of lines) {
      for (const e of model.elements) {
        if (l.ends.includes(e.id)) continue
        const c = [
          { x: e.x, y: e.y },
          { x: e.x + e.w, y: e.y },
          { x: e.x + e.w, y: e.y + e.h },
          { x: e.x, y: e.y + e.h },
        ]
        if (c.some((p, k) => cross(l.a, l.b, p, c[(k + 1) % 4]!)))
          through.push(`${l.ends} × ${e.id}`)
      }
    }
    // In a grid by zone, 33 of the 23 flows' pairs crossed and 12 flows ran through elements.
    expect(crossings).toBeLessThanOrEqual(5)
    expect(through.length, through.join('; ')).toBeLessThanOrEqual(3)
    // The zones do not overlap, and no element outside a zone lies in its box.
    const [a, b] = model.boundaries as { x: number; y: number; w: number; h: number }[]
    const overlaps = (p: typeof a, q: typeof a) =>
      p!.x < q!.x + q!.w && q!.x < p!.x + p!.w && p!.y < q!.y + q!.h && q!.y < p!.y + p!.h
    expect(overlaps(a, b)).toBe(false)
    const zoneOf = new Map(
      [...(fx.json as TmBomFile).actors!, ...(fx.json as TmBomFile).components!].map((n) => [
        n.symbolic_name,
        (n as { trust_zone?: string }).trust_zone,
      ]),
    )
    for (const e of model.elements) {
      for (const z of model.boundaries as (typeof a & { id: string })[]) {
        if (zoneOf.get(e.id) === z.id) continue
        if (zoneOf.has(e.id)) expect(overlaps(e, z), `${e.id} in ${z.id}`).toBe(false)
      }
    }
  })

  it('keeps an element named like a zone apart from the zone', () => {
    const { nodes, zones } = layOutZones(
      ['prod'],
      [
        { id: 'zone prod', zone: 'prod' },
        { id: 'z:prod', zone: undefined },
        { id: 'api', zone: 'prod' },
      ],
      [
        ['zone prod', 'api'],
        ['z:prod', 'api'],
      ],
    )
    const zone = zones.get('prod')!
    const within = (id: string) => {
      const b = nodes.get(id)!
      return (
        b.x >= zone.x &&
        b.y >= zone.y &&
        b.x + b.w <= zone.x + zone.w &&
        b.y + b.h <= zone.y + zone.h
      )
    }
    expect([within('zone prod'), within('api'), within('z:prod')]).toEqual([true, true, false])
  })

  it('builds a valid board: cards for the threats, pins for the data sets, recommendations', () => {
    const fx = tmBoms.find((f) => f.name === 'huskyai.tmbom.json')!
    const { model } = fromTmBom(fx.json)
    const schema = createBoardSchema()
    const doc = new Y.Doc()
    seedRoomDoc(doc, schema, initialBoardRecords())
    writeModelToDoc(doc, model, schema, { at: 1, from: 'TM-BOM' })
    const records = readAllRecords(getRecordsMap(doc))
    expect(records.find((r) => r.typeName === 'page')).toMatchObject({ name: 'Husky AI' })
    // Its laid-out flows cross other elements; no label lies on one.
    expect(labelsOnElements(doc)).toEqual([])
    expect(records.filter((r) => r.type === 'threat-card')).toHaveLength(model.threats.length)
    expect(records.filter((r) => r.type === 'asset-pin').length).toBe(
      model.elements.reduce((n, e) => n + e.assets.length, 0),
    )
    expect(readCollection(doc, 'recommendations')).toHaveLength(model.recommendations.length)
  })

  it('refuses what is not a TM-BOM file, naming the first wrong field', () => {
    expect(() => fromTmBom({ version: '1.0', scope: {} })).toThrow(
      '“scope.title” is missing (text expected)',
    )
    expect(() =>
      fromTmBom({
        version: '1',
        scope: { title: 'x' },
        actors: [{ symbolic_name: 'a', title: 'A', type: 'user' }],
        components: [{ symbolic_name: 'a', title: 'A again' }],
      }),
    ).toThrow(/symbolic name "a" is used twice/)
  })
})

describe.skipIf(!haveFixtures)('TM-BOM import through the API', () => {
  let s: TestServer
  beforeAll(async () => {
    s = await startServer()
  })
  afterAll(() => s.close())

  it('a stock client sees the imported elements, flows, zones and threats', async () => {
    const fx = tmBoms.find((f) => f.name === 'huskyai.tmbom.json')!
    const want = expected(fx.json as TmBomFile)
    const res = await fetch(`${s.url}/api/rooms/import?format=tm-bom`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fx.json),
    })
    expect(res.status).toBe(201)
    const room = await res.json()
    expect(room.title).toBe('Husky AI')
    expect(room.imported).toMatchObject({
      format: 'tm-bom',
      elements: want.elements.length,
      flows: want.flows.length,
      boundaries: want.boundaries.length,
      threats: want.threats.length,
    })
    const client = await connectSynced(s.wsBase, room.id, room.tokens.viewer)
    const records = readAllRecords(getRecordsMap(client.doc))
    const threats = readCollection(client.doc, 'threats')
    client.destroy()
    const ids = (type: string) =>
      records
        .filter((r) => r.typeName === 'shape' && r.type === type)
        .map((r) => r.id.replace(/^shape:/, ''))
        .sort()
    expect(ids('dfd-node')).toEqual(want.elements)
    expect(ids('arrow')).toEqual(want.flows)
    expect(
      records
        .filter((r) => r.type === 'trust-boundary')
        .map((r) => (r.props as { name: string }).name)
        .sort(),
    ).toEqual(want.boundaries)
    expect(threats.map((t) => t.title).sort()).toEqual(want.threats)

    // TM-BOM is import only: export to it is refused, clearly.
    const out = await fetch(`${s.url}/api/rooms/${room.id}/export?format=tm-bom`, {
      headers: { authorization: `Bearer ${room.tokens.viewer}` },
    })
    expect(out.status).toBe(400)
    expect((await out.json()).error.message).toMatch(/format must be one of threat-dragon, otm/)
  })
})

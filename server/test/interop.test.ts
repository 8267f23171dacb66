import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createBoardSchema,
  fromOtm,
  fromThreatDragon,
  plainText,
  getRecordsMap,
  initialBoardRecords,
  readAllRecords,
  readCollection,
  readModelFromDoc,
  seedRoomDoc,
  toOtm,
  toThreatDragon,
  writeModelToDoc,
  type InteropFormat,
  type InteropModel,
} from '@threatboard/shared'
import { connectSynced } from './helpers/clients.ts'
import { labelsOnElements } from './helpers/flowLabels.ts'
import {
  essentials,
  fixtures,
  haveFixtures,
  schemaValidator,
  type Fixture,
} from '@threatboard/shared/testing'
import { startServer, type TestServer } from './helpers/server.ts'

const schema = createBoardSchema()
const read = (format: InteropFormat, json: unknown) =>
  format === 'otm' ? fromOtm(json) : fromThreatDragon(json)
const write = (format: InteropFormat, model: InteropModel) =>
  format === 'otm' ? toOtm(model, 'room-id') : toThreatDragon(model)

function boardOf(model: InteropModel): Y.Doc {
  const doc = new Y.Doc()
  seedRoomDoc(doc, schema, initialBoardRecords())
  writeModelToDoc(doc, model, schema, { at: 1_700_000_000_000, from: 'Test' })
  return doc
}

type Cell = {
  id: string
  shape: string
  position?: { x: number; y: number }
  data?: { threats?: { id?: string; title: string; description: string; mitigation: string }[] }
}

/** Counted from the file itself, not through the importer: what the board must end up with. */
function expected(fx: Fixture) {
  if (fx.format === 'threat-dragon') {
    const cells = ((fx.json.detail as { diagrams: { cells?: Cell[] }[] }).diagrams ?? []).flatMap(
      (d) => d.cells ?? [],
    )
    const of = (...shapes: string[]) => cells.filter((c) => shapes.includes(c.shape))
    const threats = cells.flatMap((c) => c.data?.threats ?? [])
    return {
      elements: of('actor', 'process', 'store').length,
      flows: of('flow').length,
      boundaries: of('trust-boundary-box', 'trust-boundary-curve').length,
      threats: threats.map((t) => [t.title, t.description, t.mitigation].join('|')).sort(),
      positions: of('actor', 'process', 'store').map((c) => ({ id: c.id, ...c.position! })),
    }
  }
  const otm = fx.json as {
    components?: { id: string }[]
    dataflows?: unknown[]
    trustZones?: unknown[]
    threats?: { name: string; description?: string }[]
  }
  return {
    elements: otm.components?.length ?? 0,
    flows: otm.dataflows?.length ?? 0,
    boundaries: otm.trustZones?.length ?? 0,
    threats: (otm.threats ?? []).map((t) => `${t.name}|${t.description ?? ''}`).sort(),
    positions: undefined,
  }
}

function actual(fx: Fixture, model: InteropModel) {
  return {
    elements: model.elements.length,
    flows: model.flows.length,
    boundaries: model.boundaries.length,
    threats: model.threats
      .map((t) =>
        fx.format === 'otm'
          ? `${t.title}|${t.description}`
          : [t.title, t.description, t.mitigation].join('|'),
      )
      .sort(),
    positions:
      fx.format === 'otm' ? undefined : model.elements.map((e) => ({ id: e.id, x: e.x, y: e.y })),
  }
}

describe.skipIf(!haveFixtures)('import and export of every fixture', () => {
  const all = fixtures()
  it('finds both formats’ fixtures', () => {
    expect(all.filter((f) => f.format === 'threat-dragon').length).toBeGreaterThanOrEqual(7)
    expect(all.filter((f) => f.format === 'otm').length).toBeGreaterThanOrEqual(2)
  })

  for (const fx of all) {
    it(`${fx.format}/${fx.name}: board keeps every element, flow, boundary and threat; export validates and reads back the same`, () => {
      const { model } = read(fx.format, fx.json)
      expect(actual(fx, model)).toEqual(expected(fx))

      const doc = boardOf(model)
      // Every record the board got is valid tldraw, so the browser can load it.
      for (const record of readAllRecords(getRecordsMap(doc))) {
        expect(() =>
          schema.types[record.typeName as 'shape'].validate(record as never),
        ).not.toThrow()
      }
      // One card per threat that has a target, each naming a threat of the model.
      const shapes = readAllRecords(getRecordsMap(doc)).filter((r) => r.typeName === 'shape')
      const cards = shapes.filter((s) => s.type === 'threat-card')
      const threatIds = new Set(readCollection(doc, 'threats').map((t) => t.id))
      expect(cards.length).toBe(model.threats.filter((t) => t.targets.length > 0).length)
      for (const c of cards) expect(threatIds.has((c.props as { threatId: string }).threatId))
      // No card lies on another card, an element or a pin of its page.
      const rect = (s: (typeof shapes)[number]) => {
        const { w, h } = s.props as { w: number; h: number }
        return { id: s.id, page: s.parentId, x: s.x as number, y: s.y as number, w, h }
      }
      const solid = shapes
        .filter((s) => ['threat-card', 'dfd-node', 'asset-pin'].includes(s.type as string))
        .map(rect)
      for (const card of cards.map(rect)) {
        for (const other of solid) {
          if (other.id === card.id || other.page !== card.page) continue
          const apart =
            card.x >= other.x + other.w ||
            other.x >= card.x + card.w ||
            card.y >= other.y + other.h ||
            other.y >= card.y + card.h
          expect(apart, `${card.id} lies on ${other.id}`).toBe(true)
        }
      }

      // No flow's label lies on an element, where the report (and tldraw) draw it.
      expect(labelsOnElements(doc)).toEqual([])

      // On the board, positions are spread ×2 (sizes kept) so the cards fit between elements.
      for (const e of model.elements) {
        const node = shapes.find((r) => r.id === `shape:${e.id}`)
        expect(node).toMatchObject({ x: 2 * e.x, y: 2 * e.y, props: { w: e.w, h: e.h } })
      }

      // One pin per asset an element holds, under it.
      const pins = shapes.filter((r) => r.type === 'asset-pin')
      expect(pins.length).toBe(model.elements.reduce((n, e) => n + e.assets.length, 0))

      const back = readModelFromDoc(doc, model.title)
      expect(essentials(back)).toEqual(essentials(model))
      for (const e of model.elements) {
        expect(back.elements.find((b) => b.id === e.id)).toMatchObject({
          x: e.x,
          y: e.y,
          w: e.w,
          h: e.h,
        })
      }

      const file = write(fx.format, back)
      expect(schemaValidator(fx.format)(file)).toEqual([])
      const again = read(fx.format, JSON.parse(JSON.stringify(file)))
      expect(essentials(again.model)).toEqual(essentials(model))
    })
  }

  it('places OTM components at their trust zone’s position plus their own', () => {
    const fx = all.find((f) => f.name === 'mobile-cloud.otm.json')!
    const { model } = fromOtm(fx.json)
    // "Public Cloud" is drawn at (744, 142); the database at (231, 40) inside it.
    expect(model.elements.find((e) => e.name === 'Accounting PostgreSQL')).toMatchObject({
      x: 975,
      y: 182,
      w: 100,
      h: 100,
    })
    expect(model.boundaries.find((b) => b.name === 'Public Cloud')).toMatchObject({
      x: 744,
      y: 142,
    })
  })

  it('imports the HTML links of a Threat Modeling Tool file (and any file’s HTML) as plain text', () => {
    const fx = all.find((f) => f.name === 'mobile-cloud.otm.json')!
    expect(JSON.stringify(fx.json)).toContain('<a href=')
    const { model, warnings } = fromOtm(fx.json)
    for (const t of model.threats) {
      expect(`${t.description}\n${t.mitigation}`, t.title).not.toMatch(/<\/?a[\s>]|&quot;/)
    }
    const sql = model.threats.find((t) => t.title.includes('performing SQL injection'))!
    expect(sql.mitigation).toContain('Refer: https://aka.ms/tmtinputval#')
    expect(warnings).toContainEqual(
      expect.stringMatching(/^\d+ texts carried HTML: imported as plain text/),
    )
    // Text without markup is left as it is, "<" and all.
    expect(plainText('Check that a < b and c > d').changed).toBe(false)
    expect(
      plainText(
        'See <a href="https://example.test/x" target="_blank">the guide</a>.<br/>Then &amp; <b>only</b> then<script>x</script>',
      ).text,
    ).toBe('See the guide (https://example.test/x).\nThen & only thenx')
  })

  it('pins OTM assets on the components that process or store them, and exports them back', () => {
    const fx = all.find((f) => f.name === 'otm_example.json')!
    const { model } = fromOtm(fx.json)
    expect(model.assets.map((a) => [a.name, a.sensitivity])).toEqual([
      ['Credit Card Data', 'restricted'],
      ['Public Info', 'public'],
    ])
    expect(model.elements.find((e) => e.id === 'web-service')!.assets).toEqual([
      'cc-data',
      'public-info',
    ])
    const doc = boardOf(model)
    const records = readAllRecords(getRecordsMap(doc))
    const pinned = records
      .filter((r) => r.type === 'tb-anchor' && r.toId === 'shape:web-service')
      .map((b) => records.find((r) => r.id === b.fromId)!)
      .filter((r) => r.type === 'asset-pin')
      .map((r) => (r.props as { assetId: string }).assetId)
    expect(pinned).toEqual(['cc-data', 'public-info'])
    const file = toOtm(readModelFromDoc(doc, model.title), 'x') as {
      components: { id: string; assets: unknown }[]
    }
    expect(file.components.find((c) => c.id === 'web-service')!.assets).toEqual({
      processed: ['cc-data', 'public-info'],
      stored: [],
    })
  })

  it('reads a Threat Dragon v1 file without diagrams as an empty board with its title', () => {
    const fx = all.find((f) => f.name === 'test-v1-model.json')!
    const { model, warnings } = fromThreatDragon(fx.json)
    expect(model.title).toBe('New threat model')
    expect(model.elements).toEqual([])
    expect(warnings.join()).toMatch(/1\.6\.1/)
  })
})

describe('interop mapping', () => {
  const tdThreat = (fields: Record<string, unknown>) => ({
    id: 't1',
    title: 'Forged token',
    type: 'Spoofing',
    severity: 'High',
    status: 'Open',
    description: '',
    mitigation: '',
    ...fields,
  })
  const tdModel = (threat: Record<string, unknown>, extra: Record<string, unknown>[] = []) => ({
    version: '2.3.0',
    summary: { title: 'Shop' },
    detail: {
      diagrams: [
        {
          cells: [
            {
              id: 'p1',
              shape: 'process',
              position: { x: 10, y: 20 },
              size: { width: 100, height: 100 },
              data: {
                type: 'tm.Process',
                name: 'API',
                threats: [tdThreat(threat)],
              },
            },
            ...extra,
          ],
        },
      ],
    },
  })

  it('imports a Threat Dragon file’s texts that carry HTML as plain text, and says so', () => {
    const { model, warnings } = fromThreatDragon({
      ...tdModel({
        mitigation: 'Refer: <a href="https://example.test/q">https://example.test/q</a>',
      }),
      summary: { title: 'Shop', description: 'Owned by <b>payments</b>' },
    })
    expect(model.description).toBe('Owned by payments')
    expect(model.threats[0]!.mitigation).toBe('Refer: https://example.test/q')
    expect(warnings).toContain(
      '2 texts carried HTML: imported as plain text, each link as its text and address',
    )
  })

  it('maps CIA types onto STRIDE and says what it had to guess', () => {
    const { model, warnings } = fromThreatDragon(
      tdModel({ type: 'Integrity', severity: 'TBA', status: 'Eliminated' }),
    )
    expect(model.threats[0]).toMatchObject({
      category: 'tampering',
      severity: 'medium',
      status: 'mitigated',
    })
    expect(warnings).toEqual([
      'diagram 1, cell p1, threat 1 “Forged token”: severity "TBA" is not rated; imported as Medium',
      'diagram 1, cell p1, threat 1 “Forged token”: status "Eliminated" imported as Mitigated',
    ])
  })

  it('keeps a threat on several elements as one threat with several targets', () => {
    const other = {
      id: 'p2',
      shape: 'store',
      position: { x: 300, y: 20 },
      size: { width: 100, height: 60 },
      data: {
        type: 'tm.Store',
        name: 'DB',
        threats: [tdThreat({})],
      },
    }
    const { model } = fromThreatDragon(tdModel({}, [other]))
    expect(model.threats).toHaveLength(1)
    expect(model.threats[0]!.targets).toEqual(['p1', 'p2'])
    const exported = toThreatDragon(readModelFromDoc(boardOf(model), 'Shop'))
    expect(fromThreatDragon(exported).model.threats[0]!.targets.sort()).toEqual(['p1', 'p2'])
  })

  it('gathers the cards of a process with thirty threats in a block beside it, none on another', () => {
    const model = tdModel({})
    const api = model.detail.diagrams[0]!.cells[0] as { data: { threats: unknown[] } }
    api.data.threats = Array.from({ length: 30 }, (_, i) =>
      tdThreat({ id: `t${i}`, title: `Threat ${i + 1}` }),
    )
    const records = readAllRecords(getRecordsMap(boardOf(fromThreatDragon(model).model)))
    const node = records.find((r) => r.type === 'dfd-node')!
    const cards = records.filter((r) => r.type === 'threat-card')
    expect(cards).toHaveLength(30)
    const centre = (r: (typeof records)[number]) => {
      const { w, h } = r.props as { w: number; h: number }
      return { x: (r.x as number) + w / 2, y: (r.y as number) + h / 2, w, h }
    }
    const n = centre(node)
    // Thirty cards of 232 × 64 fill a block of about 800 px around it; one column would run
    // 1,700 px down.
    const far = cards
      .map(centre)
      .map((c) => Math.round(Math.hypot(c.x - n.x, c.y - n.y)))
      .filter((d) => d > 800)
    expect(far).toEqual([])
    const boxes = cards.map(centre)
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        expect(Math.abs(a.x - b.x) >= a.w || Math.abs(a.y - b.y) >= a.h).toBe(true)
      }
    }
  })

  it('puts a card off the line of a flow leaving its element: left of it, not on the line', () => {
    const store = {
      id: 'p2',
      shape: 'store',
      position: { x: 300, y: 50 },
      size: { width: 100, height: 60 },
      data: { type: 'tm.Store', name: 'DB' },
    }
    const flow = {
      id: 'f1',
      shape: 'flow',
      source: { cell: 'p1' },
      target: { cell: 'p2' },
      data: { type: 'tm.Flow', name: '' },
    }
    const records = readAllRecords(
      getRecordsMap(boardOf(fromThreatDragon(tdModel({}, [store, flow])).model)),
    )
    const api = records.find((r) => r.id === 'shape:p1')!
    const card = records.find((r) => r.type === 'threat-card')!
    // The flow runs right from the API's middle: the card's first place, right of the API,
    // lies across it.
    expect((card.x as number) + (card.props as { w: number }).w).toBeLessThanOrEqual(
      api.x as number,
    )
    expect(card.y).toBe(api.y)
  })

  it('keeps a threat Threat Dragon put on a text block, as a threat on no element', () => {
    const note = {
      id: 'n1',
      shape: 'td-text-block',
      position: { x: 0, y: 300 },
      size: { width: 200, height: 40 },
      data: { type: 'tm.Text', name: 'Note', threats: [tdThreat({ id: 't9', title: 'Odd one' })] },
    }
    const { model } = fromThreatDragon(tdModel({}, [note]))
    const doc = boardOf(model)
    expect(readCollection(doc, 'threats').find((t) => t.id === 't9')!.targets).toEqual({
      elements: [],
      assets: [],
    })
    const cards = readAllRecords(getRecordsMap(doc)).filter((r) => r.type === 'threat-card')
    expect(cards).toHaveLength(1) // only the process's threat has a card
  })

  it('refuses a flow to a cell that does not exist, naming it', () => {
    const flow = {
      id: 'f1',
      shape: 'flow',
      source: { cell: 'p1' },
      target: { cell: 'ghost' },
      data: { type: 'tm.Flow', name: 'Call' },
    }
    expect(() => fromThreatDragon(tdModel({}, [flow]))).toThrow(
      'diagram 1, cell f1: target ghost is not an actor, process or store',
    )
  })

  it('names the first wrong field of a file that is not a model', () => {
    expect(() => fromThreatDragon({ version: '2.3.0', summary: {} })).toThrow(
      '“summary.title” is missing (text expected)',
    )
    expect(() =>
      fromOtm({ otmVersion: '0.2.0', project: { name: 'x', id: 'x' }, threats: [{}] }),
    ).toThrow('“threats[0].id” is missing (text expected)')
    expect(() => fromThreatDragon([])).toThrow('the file should be an object')
  })

  it('refuses a file larger than a threat model gets, before building anything', () => {
    const components = Array.from({ length: 2001 }, (_, i) => ({
      id: `c${i}`,
      name: `C${i}`,
      type: 'web',
      parent: { trustZone: 'z' },
    }))
    expect(() =>
      fromOtm({ otmVersion: '0.2.0', project: { name: 'x', id: 'x' }, components }),
    ).toThrow('the file holds 2001 elements, flows and boundaries; at most 2000 can be imported')
  })
})

describe('import and export API', () => {
  let s: TestServer
  beforeAll(async () => {
    s = await startServer()
  })
  afterAll(() => s.close())

  const importFile = (format: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${s.url}/api/rooms/import?format=${format}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    })

  it.skipIf(!haveFixtures)(
    'imports every fixture into a room that a stock client sees, and exports it back',
    async () => {
      for (const fx of fixtures()) {
        const res = await importFile(fx.format, JSON.stringify(fx.json))
        expect(res.status, fx.name).toBe(201)
        const room = await res.json()
        expect(Object.keys(room.tokens).sort()).toEqual(['editor', 'observer', 'owner', 'viewer'])
        expect(room.links.editor).toContain(`/r/${room.id}#token=`)
        const { model } = read(fx.format, fx.json)
        expect(room.title).toBe(model.title)
        expect(room.imported).toMatchObject({
          elements: model.elements.length,
          flows: model.flows.length,
          threats: model.threats.length,
        })

        const client = await connectSynced(s.wsBase, room.id, room.tokens.viewer)
        const nodes = readAllRecords(getRecordsMap(client.doc)).filter((r) => r.type === 'dfd-node')
        expect(nodes.length).toBe(model.elements.length)
        expect(readCollection(client.doc, 'threats').length).toBe(model.threats.length)
        client.destroy()

        const exported = await fetch(`${s.url}/api/rooms/${room.id}/export?format=${fx.format}`, {
          headers: { authorization: `Bearer ${room.tokens.viewer}` },
        })
        expect(exported.status).toBe(200)
        expect(exported.headers.get('content-disposition')).toMatch(
          new RegExp(`attachment; filename=".*-${fx.format}\\.json"`),
        )
        const file = await exported.json()
        expect(schemaValidator(fx.format)(file)).toEqual([])
        expect(essentials(read(fx.format, file).model)).toEqual(essentials(model))
      }
    },
  )

  it('refuses bad files with a message naming the problem, and creates no room', async () => {
    const before = (await s.app.store.listRooms()).length
    const cases: [string, string, number, RegExp][] = [
      ['otm', '{"otmVersion": "0.2.0"', 400, /JSON/i],
      [
        'otm',
        '{"otmVersion": "0.2.0"}',
        400,
        /^Invalid Open Threat Model file: “project” is missing/,
      ],
      ['threat-dragon', '{"hello": 1}', 400, /^Invalid Threat Dragon file: “version” is missing/],
      ['visio', '{}', 400, /format must be one of threat-dragon, otm/],
      [
        'otm',
        JSON.stringify({
          otmVersion: '0.2.0',
          project: { name: 'x', id: 'x' },
          components: [{ id: 'a', name: 'A', type: 'web', parent: { trustZone: 'nowhere' } }],
        }),
        400,
        /parent nowhere does not exist/,
      ],
      [
        'threat-dragon',
        JSON.stringify({
          version: '1.6.1',
          summary: { title: 'Old' },
          detail: { diagrams: [{ diagramJson: {} }] },
        }),
        400,
        /open the model in Threat Dragon 2/,
      ],
    ]
    for (const [format, body, status, message] of cases) {
      const res = await importFile(format, body)
      expect(res.status, body).toBe(status)
      expect((await res.json()).error.message, body).toMatch(message)
    }
    const text = await fetch(`${s.url}/api/rooms/import?format=otm`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    })
    expect(text.status).toBe(415)
    expect((await s.app.store.listRooms()).length).toBe(before)
  })

  it('keeps hostile text as text, and needs the admin token where rooms do', async () => {
    const hostile = '<script>alert(1)</script> =cmd|"/c calc"!A1 ‮evil 🐉'
    const res = await importFile(
      'otm',
      JSON.stringify({
        otmVersion: '0.2.0',
        project: { name: hostile, id: 'p' },
        trustZones: [{ id: 'z', name: 'Zone', risk: { trustRating: 1 } }],
        components: [{ id: 'c', name: hostile, type: 'db', parent: { trustZone: 'z' } }],
        threats: [{ id: 't', name: hostile, categories: ['Tampering'], risk: { impact: 95 } }],
      }),
    )
    expect(res.status).toBe(201)
    const room = await res.json()
    // The room's title follows the API's rule for titles: its text-direction mark is dropped,
    // and the import says so. Names and threats inside the model keep their text as written.
    const plain = hostile.replace('\u202E', '')
    expect(room.title).toBe(plain)
    expect(room.warnings).toContain('title: control characters or text-direction marks removed')
    const file = await (
      await fetch(`${s.url}/api/rooms/${room.id}/export?format=otm`, {
        headers: { authorization: `Bearer ${room.tokens.viewer}` },
      })
    ).json()
    expect(file.project.name).toBe(plain)
    expect(file.components[0].name).toBe(hostile)
    expect(file.threats[0]).toMatchObject({ name: hostile, categories: ['Tampering'] })

    const guarded = await startServer({ env: { ADMIN_TOKEN: 'admin-secret-token-1234' } })
    try {
      const body = JSON.stringify({ otmVersion: '0.2.0', project: { name: 'x', id: 'x' } })
      const post = (headers: Record<string, string>) =>
        fetch(`${guarded.url}/api/rooms/import?format=otm`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body,
        })
      expect((await post({})).status).toBe(401)
      expect((await post({ authorization: 'Bearer admin-secret-token-1234' })).status).toBe(201)
    } finally {
      await guarded.close()
    }
  })
})

import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createBoardSchema,
  fromOtm,
  fromThreatDragon,
  getRecordsMap,
  initialBoardRecords,
  readAllRecords,
  readCollection,
  readModelFromDoc,
  seedRoomDoc,
  toOtm,
  toThreatDragon,
  writeModelToDoc,
  type JsonRecord,
} from '@threatboard/shared'
import { schemaValidator } from '@threatboard/shared/testing'
import { connectSynced } from './helpers/clients.ts'
import { startServer, type TestServer } from './helpers/server.ts'

const schema = createBoardSchema()

type TdThreat = { id: string; title: string; type: string; severity: string; status: string }
type TdCell = {
  id: string
  shape: string
  position?: { x: number; y: number }
  size?: { width: number; height: number }
  source?: { cell: string }
  target?: { cell: string }
  data: { type: string; name: string; threats?: TdThreat[] }
}

/**
 * A Threat Dragon model with two diagrams, as a team splits a system in Threat Dragon: each
 * diagram has its own actor, process, store, boundary and flows, and threats on several cells.
 */
function twoDiagramModel() {
  const threat = (id: string, title: string, type: string): TdThreat => ({
    id,
    title,
    type,
    severity: 'High',
    status: 'Open',
  })
  const diagram = (n: number, title: string) => {
    const p = `d${n}`
    const node = (id: string, shape: string, type: string, x: number, threats: TdThreat[]) => ({
      id: `${p}-${id}`,
      shape,
      position: { x, y: 100 },
      size: { width: 120, height: 80 },
      data: { type, name: `${title} ${id}`, threats },
    })
    const cells: TdCell[] = [
      {
        id: `${p}-zone`,
        shape: 'trust-boundary-box',
        position: { x: 250, y: 40 },
        size: { width: 500, height: 220 },
        data: { type: 'tm.BoundaryBox', name: `${title} zone` },
      },
      node('user', 'actor', 'tm.Actor', 0, [
        threat(`${p}-t1`, `${title}: stolen session`, 'Spoofing'),
      ]),
      node('api', 'process', 'tm.Process', 300, [
        threat(`${p}-t2`, `${title}: forged request`, 'Tampering'),
        threat(`${p}-t3`, `${title}: flood`, 'Denial of service'),
      ]),
      node('db', 'store', 'tm.Store', 600, [
        threat(`${p}-t4`, `${title}: dump`, 'Information disclosure'),
      ]),
      {
        id: `${p}-call`,
        shape: 'flow',
        source: { cell: `${p}-user` },
        target: { cell: `${p}-api` },
        data: {
          type: 'tm.Flow',
          name: `${title} call`,
          threats: [threat(`${p}-t5`, `${title}: replay`, 'Repudiation')],
        },
      },
      {
        id: `${p}-query`,
        shape: 'flow',
        source: { cell: `${p}-api` },
        target: { cell: `${p}-db` },
        data: { type: 'tm.Flow', name: `${title} query` },
      },
    ]
    return { title, cells }
  }
  return {
    version: '2.3.0',
    summary: { title: 'Shop, two diagrams' },
    detail: { diagrams: [diagram(1, 'Checkout'), diagram(2, 'Back office')] },
  }
}

/** For each diagram, by title: its cells' ids, and each cell's threat titles. */
function diagramsOf(file: unknown) {
  const { diagrams } = (file as { detail: { diagrams: { title: string; cells: TdCell[] }[] } })
    .detail
  return diagrams.map((d) => ({
    title: d.title,
    cells: Object.fromEntries(
      d.cells
        .map((c) => [c.id, (c.data.threats ?? []).map((t) => t.title).sort()] as const)
        .sort(([a], [b]) => a.localeCompare(b)),
    ),
  }))
}

function boardOf(json: unknown): Y.Doc {
  const doc = new Y.Doc()
  seedRoomDoc(doc, schema, initialBoardRecords())
  writeModelToDoc(doc, fromThreatDragon(json).model, schema, { at: 1, from: 'Test' })
  return doc
}

/** The page each shape of the board is on, by shape id. */
function pagesOf(records: JsonRecord[]) {
  const pages = records.filter((r) => r.typeName === 'page')
  const name = new Map(pages.map((p) => [p.id, String(p.name)]))
  const shapes = records.filter((r) => r.typeName === 'shape')
  return {
    names: pages.sort((a, b) => String(a.index).localeCompare(String(b.index))).map((p) => p.name),
    pageOfShape: new Map(shapes.map((s) => [s.id, name.get(s.parentId as string)])),
  }
}

describe('a Threat Dragon model with several diagrams', () => {
  const source = twoDiagramModel()

  it('imports as one page per diagram, named after it, each holding its own shapes and cards', () => {
    const doc = boardOf(source)
    const records = readAllRecords(getRecordsMap(doc))
    const { names, pageOfShape } = pagesOf(records)
    expect(names).toEqual(['Checkout', 'Back office'])
    for (const [n, title] of [
      [1, 'Checkout'],
      [2, 'Back office'],
    ] as const) {
      for (const cell of source.detail.diagrams[n - 1]!.cells) {
        expect(pageOfShape.get(`shape:${cell.id}`), cell.id).toBe(title)
      }
    }
    // Every card hangs on the page of the cell its threat is about.
    const threats = readCollection(doc, 'threats')
    const cards = records.filter((r) => r.type === 'threat-card')
    expect(cards).toHaveLength(10)
    for (const card of cards) {
      const threat = threats.find((t) => t.id === (card.props as { threatId: string }).threatId)!
      expect(pageOfShape.get(card.id)).toBe(pageOfShape.get(threat.targets.elements[0]!))
    }
  })

  it('exports back with the same diagrams, the same cells per diagram and threats per cell', () => {
    const doc = boardOf(source)
    const file = toThreatDragon(readModelFromDoc(doc, 'Shop, two diagrams'))
    expect(schemaValidator('threat-dragon')(file)).toEqual([])
    expect(diagramsOf(file)).toEqual(diagramsOf(source))
    // And again through a second import: nothing drifts.
    const again = toThreatDragon(readModelFromDoc(boardOf(file), 'Shop, two diagrams'))
    expect(diagramsOf(again)).toEqual(diagramsOf(source))
  })

  it('exports to OTM with one diagram representation per page, which reads back as the pages', () => {
    const doc = boardOf(source)
    const otm = toOtm(readModelFromDoc(doc, 'Shop'), 'room') as {
      representations: { id: string; name: string; type: string }[]
      components: { id: string; representations: { representation: string }[] }[]
    }
    expect(schemaValidator('otm')(otm)).toEqual([])
    const reps = otm.representations.filter((r) => r.type === 'diagram')
    expect(reps.map((r) => r.name)).toEqual(['Checkout', 'Back office'])
    for (const c of otm.components) {
      const page = c.id.startsWith('d1-') ? reps[0]! : reps[1]!
      expect(c.representations[0]!.representation, c.id).toBe(page.id)
    }
    const { model } = fromOtm(JSON.parse(JSON.stringify(otm)))
    expect(model.diagrams.map((d) => d.title)).toEqual(['Checkout', 'Back office'])
    const titleOf = new Map(model.diagrams.map((d) => [d.id, d.title]))
    for (const e of model.elements) {
      expect(titleOf.get(e.diagram), e.id).toBe(e.id.startsWith('d1-') ? 'Checkout' : 'Back office')
    }
  })

  it('renames a cell id that two diagrams both use, so neither diagram loses it', () => {
    const clash = twoDiagramModel()
    const second = clash.detail.diagrams[1]!
    for (const cell of second.cells) {
      const rename = (id: string) => id.replace(/^d2-/, 'd1-')
      cell.id = rename(cell.id)
      if (cell.source) cell.source.cell = rename(cell.source.cell)
      if (cell.target) cell.target.cell = rename(cell.target.cell)
    }
    const { model, warnings } = fromThreatDragon(clash)
    expect(model.elements).toHaveLength(6)
    expect(new Set(model.elements.map((e) => e.id)).size).toBe(6)
    expect(warnings.some((w) => /also used in another diagram/.test(w))).toBe(true)
    const doc = boardOf(clash)
    const file = toThreatDragon(readModelFromDoc(doc, 'x'))
    const cells = diagramsOf(file).map((d) => Object.keys(d.cells).length)
    expect(cells).toEqual([6, 6])
  })
})

describe('multi-diagram import through the API', () => {
  let s: TestServer
  beforeAll(async () => {
    s = await startServer()
  })
  afterAll(() => s.close())

  it('a stock client sees both pages with their shapes; the export has both diagrams', async () => {
    const source = twoDiagramModel()
    const res = await fetch(`${s.url}/api/rooms/import?format=threat-dragon`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(source),
    })
    expect(res.status).toBe(201)
    const room = await res.json()
    const client = await connectSynced(s.wsBase, room.id, room.tokens.viewer)
    const { names, pageOfShape } = pagesOf(readAllRecords(getRecordsMap(client.doc)))
    client.destroy()
    expect(names).toEqual(['Checkout', 'Back office'])
    expect(pageOfShape.get('shape:d2-api')).toBe('Back office')
    expect(pageOfShape.get('shape:d1-api')).toBe('Checkout')

    const exported = await fetch(`${s.url}/api/rooms/${room.id}/export?format=threat-dragon`, {
      headers: { authorization: `Bearer ${room.tokens.viewer}` },
    })
    expect(diagramsOf(await exported.json())).toEqual(diagramsOf(source))
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  dismissalMeta,
  getRecordsMap,
  ThreatSchema,
  withNoneFound,
  writeEntity,
  writeRecord,
} from '@threatboard/shared'
import { arrowBinding, dfdNode, flowRecord } from './helpers/boardRecords.ts'
import { connectSynced, type TestClient } from './helpers/clients.ts'
import { waitFor } from './helpers/poll.ts'
import { readPdf } from './helpers/reportFiles.ts'
import { createRoomFull, startServer, type TestServer, type Tokens } from './helpers/server.ts'

/**
 * The report's summary shows how far the team went through STRIDE, as the board's coverage
 * overlay does: per kind, for the board, and the elements with expected categories nobody
 * considered. The board: a customer sends orders to an API that writes a database.
 * Considered: Spoofing on the API (a threat), Spoofing on the customer (a dismissed
 * suggestion), Tampering on the database ("considered, none found"); an out-of-scope process
 * counts for nothing.
 */
describe('coverage in the report summary', () => {
  let s: TestServer
  let room: { id: string; tokens: Tokens }
  let editor: TestClient

  const get = async (query: string) => {
    const res = await fetch(`${s.url}/api/rooms/${room.id}/report?${query}`, {
      headers: { authorization: `Bearer ${room.tokens.viewer}` },
    })
    expect(res.status).toBe(200)
    return res
  }
  const text = async (query: string) => (await get(query)).text()

  const HEADLINE =
    'STRIDE coverage: Processes 1/6 · Data stores 1/4 · External entities 1/2 · Data flows 0/6 · Board 16 %'

  beforeAll(async () => {
    s = await startServer()
    room = await createRoomFull(s.url, 'Orders')
    editor = await connectSynced(s.wsBase, room.id, room.tokens.editor)
    const doc = editor.doc
    const customer = dfdNode('shape:customer', 'external-entity', 'Customer', { x: 0, y: 0 })
    const db = dfdNode('shape:db', 'data-store', 'Orders DB', { x: 600, y: 0, index: 'a4' })
    const legacy = dfdNode('shape:legacy', 'process', 'Legacy batch', { x: 0, y: 400 })
    doc.transact(() => {
      const records = getRecordsMap(doc)
      for (const r of [
        { ...customer, meta: dismissalMeta('entity-unauthenticated') },
        dfdNode('shape:api', 'process', 'Orders API', { x: 300, y: 0, index: 'a3' }),
        { ...db, meta: withNoneFound({}, 'tampering', true) },
        { ...legacy, props: { ...(legacy.props as object), inScope: false } },
        flowRecord('shape:orders', 'orders'),
        arrowBinding('shape:orders', 'start', 'shape:customer'),
        arrowBinding('shape:orders', 'end', 'shape:api'),
        flowRecord('shape:writes', 'writes'),
        arrowBinding('shape:writes', 'start', 'shape:api'),
        arrowBinding('shape:writes', 'end', 'shape:db'),
      ])
        writeRecord(records, r)
      writeEntity(
        doc,
        'threats',
        ThreatSchema.parse({
          id: 't1',
          category: 'spoofing',
          title: 'Stolen session token',
          targets: { elements: ['shape:api'], assets: [] },
          severity: 'high',
          status: 'open',
          createdAt: 1,
        }),
      )
    })
    await waitFor(async () => {
      const r = await (await get('format=json')).json()
      return r.counts?.threats === 1 && r.inventory?.flows?.length === 2
    }, 'the server to have the board')
  })

  afterAll(async () => {
    editor.destroy()
    await s.close()
  })

  it('JSON: per kind, board and the elements still missing categories, least covered first', async () => {
    const { coverage } = (await (await get('format=json')).json()).summary
    expect(coverage.byKind).toEqual({
      'external-entity': { elements: 1, expected: 2, considered: 1 },
      process: { elements: 1, expected: 6, considered: 1 },
      'data-store': { elements: 1, expected: 4, considered: 1 },
      'data-flow': { elements: 2, expected: 6, considered: 0 },
    })
    expect(coverage.board).toEqual({ elements: 5, expected: 18, considered: 3 })
    expect(coverage.percent).toBe(16)
    expect(coverage.gaps[0]).toEqual({
      id: 'shape:api',
      kind: 'process',
      name: 'Orders API',
      missing: [
        'tampering',
        'repudiation',
        'information-disclosure',
        'denial-of-service',
        'elevation-of-privilege',
      ],
    })
    expect(coverage.gaps.find((g: { id: string }) => g.id === 'shape:db').missing).toEqual([
      'repudiation',
      'information-disclosure',
      'denial-of-service',
    ])
    expect(coverage.gaps.find((g: { id: string }) => g.id === 'shape:customer').missing).toEqual([
      'repudiation',
    ])
    // Out of scope: not expected, not listed.
    expect(coverage.gaps.map((g: { id: string }) => g.id)).not.toContain('shape:legacy')
  })

  it('Markdown (summary and ticket), HTML and the PDF summary page show it', async () => {
    const gap =
      'Orders API (process): Tampering, Repudiation, Information disclosure, Denial of service, Elevation of privilege'
    const markdown = await text('format=markdown&layout=summary')
    expect(markdown).toContain(`**${HEADLINE}**`)
    expect(markdown).toContain(`- ${gap}`)
    expect(markdown).toContain('- Customer (external entity): Repudiation')
    expect(markdown).not.toContain('Legacy batch (process)')

    expect(await text('format=markdown&layout=ticket')).toContain(HEADLINE)

    const html = await text('format=html&layout=summary')
    expect(html).toContain(HEADLINE)
    expect(html).toContain('Expected STRIDE categories nobody considered yet')
    expect(html).toContain(gap)

    const pdf = readPdf(Buffer.from(await (await get('format=pdf&layout=full')).arrayBuffer()))
    const first = pdf.page(1)
    expect(first).toContain(HEADLINE)
    expect(first).toContain('Expected STRIDE categories nobody considered yet')
    expect(first).toContain('Orders API (process): T, R, I, D, E')
    expect(first).toContain('Customer (external entity): R')
  })
})

import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { squash, svgFlowEnds, svgHasText } from './helpers/svgText.ts'
import {
  AssetSchema,
  getRecordsMap,
  ThreatSchema,
  writeEntity,
  writeRecord,
  type JsonRecord,
} from '@threatboard/shared'
import { connectSynced, type TestClient } from './helpers/clients.ts'
import {
  arrowBinding,
  dfdNode,
  flowRecord,
  pageRecord,
  shapeRecord,
} from './helpers/boardRecords.ts'
import { waitFor } from './helpers/poll.ts'
import {
  createRoomFull,
  saveVersion,
  startServer,
  type TestServer,
  type Tokens,
} from './helpers/server.ts'

const HOSTILE = {
  script: '<script>alert("x")</script>',
  image: '"><image href="file:///etc/passwd"/>',
  js: 'javascript:alert(1)',
}

const hasText = svgHasText
const flowEnds = svgFlowEnds

describe('the report diagram, drawn by the server from the room', () => {
  let s: TestServer
  let room: { id: string; tokens: Tokens }
  let editor: TestClient
  const api = dfdNode('shape:api', 'process', 'Checkout API', { x: 400, y: 0, index: 'a3' })

  const report = async (format: string, version?: string) => {
    const res = await fetch(
      `${s.url}/api/rooms/${room.id}/report?format=${format}${version ? `&version=${version}` : ''}`,
      { headers: { authorization: `Bearer ${room.tokens.viewer}` } },
    )
    expect(res.status).toBe(200)
    return res
  }
  const svgOf = async (version?: string) =>
    ((await (await report('json', version)).json()) as { diagrams: { svg: string }[] }).diagrams
      .map((d) => d.svg)
      .join('\n')

  beforeAll(async () => {
    s = await startServer()
    room = await createRoomFull(s.url, 'Checkout')
    editor = await connectSynced(s.wsBase, room.id, room.tokens.editor)
    const doc = editor.doc
    writeEntity(
      doc,
      'threats',
      ThreatSchema.parse({
        id: 't1',
        category: 'tampering',
        title: HOSTILE.script,
        targets: { elements: ['shape:api'], assets: [] },
        severity: 'critical',
        status: 'open',
        createdAt: 1,
      }),
    )
    writeEntity(
      doc,
      'assets',
      AssetSchema.parse({ id: 'a1', name: HOSTILE.image, kind: 'data', sensitivity: 'restricted' }),
    )
    const records: JsonRecord[] = [
      shapeRecord(
        'shape:zone',
        'trust-boundary',
        { x: 300, y: -60, index: 'a0' },
        {
          w: 400,
          h: 240,
          name: 'Shop datacentre',
        },
      ),
      dfdNode('shape:user', 'external-entity', HOSTILE.js, { x: -300, y: 0, index: 'a2' }),
      api,
      dfdNode('shape:db', 'data-store', 'Orders database', { x: 400, y: 300, index: 'a4' }),
      flowRecord('shape:f1', HOSTILE.js, {
        dataFlow: { protocol: HOSTILE.script, encrypted: false, publicNetwork: true },
      }),
      arrowBinding('shape:f1', 'start', 'shape:user'),
      arrowBinding('shape:f1', 'end', 'shape:api'),
      shapeRecord(
        'shape:card',
        'threat-card',
        { x: 420, y: -140, index: 'a6' },
        {
          w: 232,
          h: 64,
          threatId: 't1',
        },
      ),
      shapeRecord(
        'shape:pin',
        'asset-pin',
        { x: 420, y: 400, index: 'a7' },
        {
          // wide enough for its whole hostile name on the one line a pin shows
          w: 400,
          h: 28,
          assetId: 'a1',
        },
      ),
      pageRecord('page:ops', HOSTILE.image, 'a2'),
      dfdNode('shape:admin', 'external-entity', 'Warehouse admin', {
        x: 0,
        y: 0,
        page: 'page:ops',
      }),
    ]
    doc.transact(() => {
      for (const r of records) writeRecord(getRecordsMap(doc), r)
    })
    await waitFor(async () => hasText(await svgOf(), 'Warehouse admin'), 'the server to draw it')
  })

  afterAll(async () => {
    editor.destroy()
    await s.close()
  })

  it('shows every element, flow, flag, card and pin of every page as text', async () => {
    const svg = await svgOf()
    for (const name of [
      HOSTILE.js, // the shopper's name and the flow's label
      'Checkout API',
      'Orders database',
      'Shop datacentre',
      HOSTILE.script, // the threat card's title and the flow's protocol
      'Critical',
      HOSTILE.image, // the asset pin's name and the second page's name
      'not encrypted',
      'public network',
      'Warehouse admin',
    ]) {
      expect(hasText(svg, name), name).toBe(true)
    }
  })

  it('draws hostile names only as escaped text, and refers to nothing outside the drawing', async () => {
    const svg = await svgOf()
    expect(svg).not.toMatch(/<(script|image|a|use|foreignObject|style|iframe)\b/i)
    expect(svg).not.toMatch(/\s(href|xlink:href|src|on\w+)="/i)
    expect(svg).not.toMatch(/url\(|file:\/\/\/etc[^<]*"/)
    expect(svg).toContain('&#60;script&#62;')
    // The second page's hostile name travels as data beside the drawing; every renderer escapes it.
    const { diagrams } = (await (await report('json')).json()) as {
      diagrams: { pageName: string }[]
    }
    expect(diagrams.map((d) => d.pageName)).toContain(HOSTILE.image)
    const html = await (await report('html&layout=full')).text()
    expect(html).not.toContain(HOSTILE.image)
    expect(html).toContain('&#60;image href=')
  })

  it('renders a PDF with no link, no embedded image and no script from the names', async () => {
    const pdf = Buffer.from(await (await report('pdf')).arrayBuffer())
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    const raw = pdf.toString('latin1')
    expect(raw).not.toMatch(/\/URI|\/Subtype\s*\/Image|\/JavaScript|\/Launch|\/EmbeddedFile/)
    const dir = mkdtempSync(path.join(tmpdir(), 'threatboard-diagram-'))
    writeFileSync(path.join(dir, 'r.pdf'), pdf)
    const text = execFileSync('pdftotext', [path.join(dir, 'r.pdf'), '-']).toString()
    expect(squash(text)).toContain(squash('Orders database'))
    expect(text).not.toContain('root:x:0:0')
  })

  it('draws a flow to where its element is now, and a saved version as it was then', async () => {
    const before = await svgOf()
    const [, , endX] = flowEnds(before)
    // The flow ends on the API's left edge, not at the arrow's stale stored end (-4000).
    expect(endX).toBeCloseTo(400, 0)

    const versionId = (await saveVersion(s.url, room.id, 'Before the move')).id

    // Someone drags the API 600 to the right and renames it; nobody touches the arrow.
    editor.doc.transact(() =>
      writeRecord(getRecordsMap(editor.doc), {
        ...api,
        x: 1000,
        props: { ...(api.props as object), name: 'Payments API' },
      }),
    )
    await waitFor(
      async () => hasText(await svgOf(), 'Payments API'),
      'the move to reach the report',
    )
    const live = await svgOf()
    expect(flowEnds(live)[2]).toBeCloseTo(1000, 0)
    expect(flowEnds(live).slice(0, 2)).toEqual(flowEnds(before).slice(0, 2))
    expect(hasText(live, 'Checkout API')).toBe(false)

    // The version keeps the picture of the board when it was saved.
    const old = await svgOf(versionId)
    expect(hasText(old, 'Checkout API')).toBe(true)
    expect(hasText(old, 'Payments API')).toBe(false)
    expect(flowEnds(old)[2]).toBeCloseTo(400, 0)
  })
})

describe('a board whose shapes are each other’s parents', () => {
  it('reports and exports it, and keeps serving, with the loop left out', async () => {
    // A script with an editor's link can write what tldraw never would: A inside B inside A.
    // An endless walk up the parents held the server's event loop for good on the first
    // report or export anyone asked for.
    const s = await startServer()
    const room = await createRoomFull(s.url, 'Loop')
    const editor = await connectSynced(s.wsBase, room.id, room.tokens.editor)
    try {
      const records = getRecordsMap(editor.doc)
      const page = [...records.keys()].find((k) => k.startsWith('page:'))!
      editor.doc.transact(() => {
        writeRecord(records, dfdNode('shape:api', 'process', 'Orders API', { x: 0, y: 0, page }))
        writeRecord(
          records,
          dfdNode('shape:a', 'process', 'Loop A', { x: 0, y: 0, page: 'shape:b' }),
        )
        writeRecord(
          records,
          dfdNode('shape:b', 'process', 'Loop B', { x: 0, y: 0, page: 'shape:a' }),
        )
      })
      const get = (path: string) =>
        fetch(`${s.url}/api/rooms/${room.id}/${path}`, {
          headers: { authorization: `Bearer ${room.tokens.viewer}` },
        })
      await waitFor(async () => {
        const r = await (await get('report?format=json')).json()
        return r.inventory?.elements?.some((e: { name: string }) => e.name === 'Orders API')
      }, 'the report to list the room’s element')
      for (const path of [
        'report?format=pdf&layout=full',
        'report?format=markdown&layout=full',
        'export?format=threat-dragon',
        'export?format=otm',
      ]) {
        expect((await get(path)).status, path).toBe(200)
      }
      expect((await fetch(`${s.url}/api/templates`)).status).toBe(200)
    } finally {
      editor.destroy()
      await s.close()
    }
  })
})

describe('records no browser draws', () => {
  it('are left out of every report and export, as the board leaves them out', async () => {
    // Each of these, written with an editor's link, is skipped by every browser (tldraw's
    // validators refuse it, or the board's own checks do), so nobody sees it on the board; the
    // report listed it as an element all the same.
    const s = await startServer()
    const room = await createRoomFull(s.url, 'Unseen')
    const editor = await connectSynced(s.wsBase, room.id, room.tokens.editor)
    const unseen = ['Name past the limit ' + 'x'.repeat(200), 'Far away', 'Half a node', 'Loop A']
    try {
      const records = getRecordsMap(editor.doc)
      const at = { x: 0, y: 0 }
      const half = dfdNode('shape:half', 'process', unseen[2]!, at)
      delete (half.props as Record<string, unknown>).kind
      editor.doc.transact(() => {
        for (const r of [
          dfdNode('shape:api', 'process', 'Orders API', at),
          dfdNode('shape:long', 'process', unseen[0]!, at),
          dfdNode('shape:far', 'process', unseen[1]!, { x: 1e9, y: 0 }),
          half,
          dfdNode('shape:loop-a', 'process', unseen[3]!, { ...at, page: 'shape:loop-a' }),
        ])
          writeRecord(records, r)
      })
      const get = async (path: string) => {
        const res = await fetch(`${s.url}/api/rooms/${room.id}/${path}`, {
          headers: { authorization: `Bearer ${room.tokens.viewer}` },
        })
        expect(res.status, path).toBe(200)
        return res.text()
      }
      await waitFor(
        async () => (await get('report?format=json')).includes('Orders API'),
        'the report to list the room’s element',
      )
      for (const path of [
        'report?format=json',
        'report?format=markdown&layout=full',
        'report?format=html&layout=full',
        'export?format=threat-dragon',
        'export?format=otm',
      ]) {
        const text = await get(path)
        expect(text, path).toContain('Orders API')
        for (const name of unseen) expect(text, path).not.toContain(name)
      }
    } finally {
      editor.destroy()
      await s.close()
    }
  })
})

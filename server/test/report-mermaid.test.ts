import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '@threatboard/shared/testing/browser'
import type * as Y from 'yjs'
import type Mermaid from 'mermaid'
import {
  createBoardSchema,
  emptyModel,
  getRecordsMap,
  writeModelToDoc,
  writeRecord,
} from '@threatboard/shared'
import { connectSynced } from './helpers/clients.ts'
import { waitFor } from './helpers/poll.ts'
import { mermaidBlock } from './helpers/reportFiles.ts'
import { writeCheckoutRoom } from './helpers/reportModel.ts'
import { createRoomFull, startServer, type TestServer } from './helpers/server.ts'

const require = createRequire(import.meta.url)

/** Names that would break a naive Mermaid chart or inject into it. */
const HOSTILE_NAMES = [
  'API "gateway"] --> evil[(x)]',
  '%%{init: {"theme": "forest", "securityLevel": "loose"}}%%',
  'end',
  '<img src=x onerror=alert(1)> & #quot;',
  'subgraph\nclick n1 call alert()',
  '`**markdown**` | pipes | ; semicolons; {braces} (parens)',
]

/**
 * Mermaid's own parser, as GitHub's renderer runs it. It needs a DOM (DOMPurify), which a
 * happy-dom window supplies; the server and its clients keep Node's own fetch and WebSocket.
 */
async function loadMermaid() {
  const { Window } = await import('happy-dom')
  const window = new Window()
  const g = globalThis as Record<string, unknown>
  g.window = window
  g.document = window.document
  const { default: mermaid } = await import('mermaid')
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' })
  return mermaid
}

describe('the Markdown report’s Mermaid diagram', () => {
  let s: TestServer
  let hostileChart = ''
  const markdownOf = async (setUp: (doc: Y.Doc) => void, title: string) => {
    const room = await createRoomFull(s.url, title)
    const client = await connectSynced(s.wsBase, room.id, room.tokens.editor)
    try {
      setUp(client.doc)
      let md = ''
      await waitFor(async () => {
        const res = await fetch(
          `${s.url}/api/rooms/${room.id}/report?format=markdown&layout=full`,
          {
            headers: { authorization: `Bearer ${room.tokens.viewer}` },
          },
        )
        md = await res.text()
        return md.includes('```mermaid')
      }, 'the report to carry a diagram')
      return md
    } finally {
      client.destroy()
    }
  }

  beforeAll(async () => {
    s = await startServer()
  })
  afterAll(async () => {
    await s.close()
  })

  it('parses with Mermaid: elements by kind, boundaries as subgraphs, flows as labelled edges', async () => {
    const md = await markdownOf((doc) => writeCheckoutRoom(doc), 'Checkout')
    const chart = mermaidBlock(md)!
    expect(chart.startsWith('flowchart LR')).toBe(true)
    expect(chart).toMatch(/subgraph b\d+\["Shop VPC"\]\n\s+subgraph b\d+\["PCI zone"\]/)
    expect(chart).toMatch(/n\d+\[\("Card token vault"\)\]/) // a data store is a cylinder
    expect(chart).toMatch(/n\d+\(\["Checkout API"\]\)/) // a process is a stadium
    expect(chart).toMatch(/n\d+\["Customer browser"\]/) // an external entity is a box
    expect(chart).toMatch(/n\d+ -->\|"Order confirmation \(SMTP\)"\| n\d+/)
    const mermaid = await loadMermaid()
    expect(await mermaid.parse(chart)).toMatchObject({ diagramType: 'flowchart-v2' })
    // The parser is a real check: a broken chart is refused.
    await expect(mermaid.parse(chart.replace('-->|"', '-->|'))).rejects.toThrow()
  })

  it('draws a board of several pages as one subgraph per page, and lists the page in the inventory', async () => {
    const md = await markdownOf((doc) => {
      writeCheckoutRoom(doc)
      const records = getRecordsMap(doc)
      writeRecord(records, {
        id: 'page:backoffice',
        typeName: 'page',
        name: 'Back office',
        index: 'a2',
        meta: {},
      })
      // The back-office half of the board moves to its own page.
      doc.transact(() => {
        for (const id of ['shape:admin', 'shape:console'])
          records.get(id)!.set('parentId', 'page:backoffice')
      })
    }, 'Two pages')
    const chart = mermaidBlock(md)!
    expect(chart).toMatch(/subgraph p1\["Page 1"\]/)
    expect(chart).toMatch(/subgraph p2\["Back office"\]\n\s+n\d+\["Back-office staff"\]/)
    expect(md).toContain('| Admin console | Process | yes | — | — | Back office |')
    const mermaid = await loadMermaid()
    expect(await mermaid.parse(chart)).toMatchObject({ diagramType: 'flowchart-v2' })
  })

  it('stays one well-formed chart whatever the names are', async () => {
    const model = emptyModel('Hostile')
    model.diagrams = [{ id: 'main', title: 'Page 1' }]
    model.elements = HOSTILE_NAMES.map((name, i) => ({
      id: `e${i}`,
      diagram: 'main',
      kind: (['process', 'data-store', 'external-entity'] as const)[i % 3],
      name,
      description: '',
      inScope: true,
      assets: [],
      x: 300 + 200 * i,
      y: 200,
      w: 160,
      h: 80,
    }))
    model.boundaries = [
      {
        id: 'b',
        diagram: 'main',
        name: HOSTILE_NAMES[0]!,
        description: '',
        shape: 'box',
        x: 250,
        y: 100,
        w: 500,
        h: 300,
      },
    ]
    model.flows = HOSTILE_NAMES.slice(1).map((name, i) => ({
      id: `f${i}`,
      diagram: 'main',
      name,
      description: '',
      source: { element: `e${i}` },
      target: { element: `e${i + 1}` },
      protocol: 'HTTPS',
      encrypted: true,
      publicNetwork: false,
      bidirectional: i === 0,
      inScope: true,
    }))
    const md = await markdownOf(
      (doc) =>
        writeModelToDoc(doc, model, createBoardSchema(), {
          at: 1,
          from: 'Test',
          recordSpread: false,
        }),
      'Hostile names',
    )
    const chart = mermaidBlock(md)!
    hostileChart = chart
    // No raw markup survives, no directive, and ids never come from names.
    expect(chart.replace(/<?-->/g, '')).not.toMatch(/[<>]/)
    expect(chart).not.toContain('%%{')
    expect(chart).not.toMatch(/^\s*click\b/m) // only ever inside a quoted label
    expect(chart.split('\n').filter((l) => /^\s*end$/.test(l))).toHaveLength(1) // the boundary
    const mermaid = await loadMermaid()
    const parsed = await mermaid.parse(chart)
    expect(parsed).toMatchObject({ diagramType: 'flowchart-v2', config: {} })
    const db = (await mermaid.mermaidAPI.getDiagramFromText(chart)).db as {
      getVertices(): Map<string, { text: string }>
      getEdges(): { text: string }[]
      getSubGraphs(): { title: string }[]
    }
    expect([...db.getVertices().keys()].sort()).toEqual(
      HOSTILE_NAMES.map((_, i) => `n${i + 1}`).sort(),
    )
    expect(db.getEdges()).toHaveLength(HOSTILE_NAMES.length - 1)
    expect(db.getSubGraphs()).toHaveLength(1)
  })

  it(
    'draws the hostile chart in Chromium as GitHub does, every name as text',
    { timeout: 90_000 },
    async () => {
      expect(hostileChart).toContain('flowchart LR')
      // Mermaid in a browser with strict security, as GitHub renders a ```mermaid block.
      const browser = await launchBrowser()
      try {
        const page = await browser.newPage()
        await page.setContent('<div id="chart"></div>')
        await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') })
        const drawn = await page.evaluate(async (source) => {
          const m = (window as unknown as { mermaid: typeof Mermaid }).mermaid
          m.initialize({ startOnLoad: false, securityLevel: 'strict' })
          const { svg } = await m.render('chart-svg', source)
          document.getElementById('chart')!.innerHTML = svg
          return {
            text: document.getElementById('chart')!.textContent ?? '',
            images: document.querySelectorAll('#chart img').length,
            pwned: (window as { __pwned?: unknown }).__pwned,
          }
        }, hostileChart)
        expect(drawn.images).toBe(0)
        expect(drawn.pwned).toBeUndefined()
        expect(drawn.text).toContain('API "gateway"] --> evil[(x)]')
        expect(drawn.text).toContain('<img src=x onerror=alert(1)> & #quot;')
        expect(drawn.text).toContain('%%{init:')
      } finally {
        await browser.close()
      }
    },
  )
})

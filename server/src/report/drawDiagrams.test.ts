import { describe, expect, it } from 'vitest'
import { squash, svgFlowEnds, svgHasText, svgTexts } from '../../test/helpers/svgText.ts'
import { AssetSchema, ThreatSchema, type JsonRecord } from '@threatboard/shared'
import { drawDiagrams, MAX_PAGES, MAX_SHAPES_PER_PAGE } from './drawDiagrams.ts'

const rich = (text: string) => ({
  type: 'doc',
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
})
const page = (id: string, name: string, index: string): JsonRecord => ({
  id,
  typeName: 'page',
  name,
  index,
  meta: {},
})
const shape = (
  id: string,
  type: string,
  x: number,
  y: number,
  props: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): JsonRecord => ({
  id,
  typeName: 'shape',
  type,
  parentId: 'page:one',
  index: `a${id.length}${id}`,
  x,
  y,
  rotation: 0,
  props,
  meta: {},
  ...extra,
})
const node = (id: string, kind: string, x: number, y: number, name: string, extra = {}) =>
  shape(id, 'dfd-node', x, y, { w: 160, h: 80, kind, name, inScope: true, description: '' }, extra)
const arrow = (id: string, label: string, meta = {}, bend = 0) =>
  shape(
    id,
    'arrow',
    0,
    0,
    {
      start: { x: -999, y: -999 },
      end: { x: -888, y: -888 },
      bend,
      richText: rich(label),
      arrowheadStart: 'none',
      arrowheadEnd: 'arrow',
    },
    { meta },
  )
const binding = (arrowId: string, terminal: 'start' | 'end', toId: string): JsonRecord => ({
  id: `binding:${arrowId}-${terminal}`,
  typeName: 'binding',
  type: 'arrow',
  fromId: arrowId,
  toId,
  props: { terminal, normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false },
  meta: {},
})

const threat = ThreatSchema.parse({
  id: 't1',
  category: 'spoofing',
  title: 'Forged session cookie lets an attacker act as any shopper at checkout',
  targets: { elements: ['shape:api'], assets: [] },
  severity: 'high',
  status: 'open',
  createdAt: 1,
})
const asset = AssetSchema.parse({
  id: 'a1',
  name: 'Card numbers',
  kind: 'data',
  sensitivity: 'restricted',
})

const texts = svgTexts
const hasText = svgHasText
const flowEnds = svgFlowEnds

const board = (apiX = 400): JsonRecord[] => [
  page('page:one', 'Checkout', 'a1'),
  shape('shape:tb', 'trust-boundary', -40, -60, { w: 800, h: 300, name: 'Shop datacentre' }),
  node('shape:user', 'external-entity', -400, 0, 'Shopper in a browser'),
  node('shape:api', 'process', apiX, 0, 'Checkout API'),
  node('shape:db', 'data-store', 0, 150, 'Orders database'),
  arrow('shape:f1', 'Place order', {
    dataFlow: { protocol: 'HTTPS', encrypted: true, publicNetwork: true },
  }),
  binding('shape:f1', 'start', 'shape:user'),
  binding('shape:f1', 'end', 'shape:api'),
  arrow('shape:f2', 'Write order', {}, 40),
  binding('shape:f2', 'start', 'shape:api'),
  binding('shape:f2', 'end', 'shape:db'),
  shape('shape:card', 'threat-card', 420, -120, { w: 232, h: 64, threatId: 't1' }),
  shape('shape:pin', 'asset-pin', 0, 240, { w: 200, h: 28, assetId: 'a1' }),
]

describe('drawDiagrams', () => {
  it('draws every element, boundary, flow label, badge, card title and pin asset name as text', () => {
    const [p, ...rest] = drawDiagrams(board(), [threat], [asset])
    expect(rest).toEqual([])
    expect(p!.pageName).toBe('Checkout')
    const svg = p!.svg
    for (const name of [
      'Shopper in a browser',
      'Checkout API',
      'Orders database',
      'Shop datacentre',
      'Place order',
      'Write order',
      'Forged session cookie lets an attacker',
      'Card numbers',
      'HTTPS',
      'encrypted',
      'public network',
      'High',
    ]) {
      expect(hasText(svg, name), name).toBe(true)
    }
    // The card carries its STRIDE letter in the category colour.
    expect(texts(svg)).toContain('S')
    expect(svg).toContain('#b42318')
    // Each DFD kind has its own outline: an ellipse for the process, open lines for the store.
    expect(svg).toMatch(/<ellipse[^>]*stroke="#1d4ed8"/)
    expect(svg).toMatch(/<line[^>]*stroke="#067647"/)
    expect(svg).toMatch(/stroke-dasharray="8 6"/)
    // The bent flow is an arc.
    expect(svg).toMatch(/<path d="M[^"]* A[^"]*" fill="none"/)
  })

  it('cuts a card’s category name short of its severity pill, with an ellipsis', () => {
    const disclosure = { ...threat, category: 'information-disclosure' as const }
    const card = (w: number) => [
      page('page:one', 'Checkout', 'a1'),
      shape('shape:card', 'threat-card', 0, 0, { w, h: 64, threatId: 't1' }),
    ]
    // Wide enough: the whole name.
    const wide = drawDiagrams(card(320), [disclosure], [])[0]!.svg
    expect(texts(wide)).toContain('Information disclosure')
    // The board's default width: cut, and its estimated bold width ends before the pill.
    const narrow = drawDiagrams(card(232), [disclosure], [])[0]!.svg
    const name = texts(narrow).find((t) => t.startsWith('Information'))!
    expect(name).toMatch(/^Information disc.*…$/)
    const pill = /<rect x="([\d.]+)"[^>]*rx="7.5"/.exec(narrow)!
    expect(44 + [...name].length * 10.5 * 0.58).toBeLessThan(Number(pill[1]))
  })

  it('shows a card’s title and a pin’s asset name on the lines their height holds, as the board does', () => {
    const longAsset = {
      ...asset,
      name: 'Card numbers and expiry dates of every saved customer card',
    }
    const draw = (type: 'threat-card' | 'asset-pin', w: number, h: number) => {
      const props = type === 'threat-card' ? { w, h, threatId: 't1' } : { w, h, assetId: 'a1' }
      const [p] = drawDiagrams(
        [page('page:one', 'Checkout', 'a1'), shape('shape:s', type, 0, 0, props)],
        [threat],
        [longAsset],
      )
      const svg = p!.svg
      const text = /<text[^>]*>((?:<tspan[^>]*>[^<]*<\/tspan>)+)<\/text>/g
      const lines = [...svg.matchAll(text)]
        .map((m) => [...m[1]!.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((t) => t[1]!))
        .find((l) => /^(Forged|Card)/.test(l[0]!))!
      const outline = new RegExp(`<rect x="0" y="0" width="${w}" height="([\\d.]+)"`).exec(svg)!
      return { lines, height: Number(outline[1]) }
    }
    // The board's card (64 tall): two lines, the second ending in "…" at a space; the card stays
    // its own height, so it does not cover the card stacked under it.
    const card = draw('threat-card', 232, 64)
    expect(card.lines).toEqual(['Forged session cookie', 'lets an attacker act…'])
    expect(card.height).toBeLessThan(70)
    // A card made taller on the board holds the whole title.
    const tall = draw('threat-card', 232, 120)
    expect(tall.lines.join(' ')).toBe(threat.title)
    expect(tall.height).toBe(120)
    // The board's pin (28 tall): one line, cut.
    const pin = draw('asset-pin', 200, 28)
    expect(pin.lines).toHaveLength(1)
    expect(pin.lines[0]).toMatch(/^Card numbers.*…$/)
    expect(pin.height).toBe(28)
  })

  it('wraps a long name onto more lines rather than cutting it', () => {
    const long = 'Payment service provider tokenisation gateway (primary region)'
    const [p] = drawDiagrams(
      [page('page:one', 'P', 'a1'), node('shape:n', 'process', 0, 0, long)],
      [],
      [],
    )
    const nameText = texts(p!.svg).find((t) => t.includes('Payment'))!
    expect(squash(nameText)).toBe(squash(long))
    expect(p!.svg.match(/<tspan/g)!.length).toBeGreaterThan(2)
  })

  it('draws a flow to where its bound element is now, not where the arrow was stored', () => {
    const before = flowEnds(drawDiagrams(board(400), [threat], [asset])[0]!.svg)
    const after = flowEnds(drawDiagrams(board(900), [threat], [asset])[0]!.svg)
    // The start (bound to the shopper, who did not move) stays; the end follows the API.
    expect(after.slice(0, 2)).toEqual(before.slice(0, 2))
    expect(after[2]! - before[2]!).toBeCloseTo(500, 0)
    // It ends on the API's outline (the ellipse's left edge), nowhere near the stored -888.
    expect(after[2]).toBeCloseTo(900, 0)
    expect(after[3]).toBeCloseTo(40, 0)
    // And starts on the shopper's right edge.
    expect(before[0]).toBeCloseTo(-240, 0)
  })

  it('draws an elbow flow as legs at right angles, from outline to outline', () => {
    const records = board(400).map((r) =>
      r.id === 'shape:f2' ? { ...r, props: { ...(r.props as object), kind: 'elbow' } } : r,
    )
    const svg = drawDiagrams(records, [threat], [asset])[0]!.svg
    // API (centre 480,40) to the store (centre 80,190), further apart across than down: left
    // from the API's outline to the middle, down to the store's level, left to its outline.
    expect(svg).toContain('<path d="M400 40 L280 40 L280 190 L160 190" fill="none"')
  })

  it('hangs a bound card at its offset from its element as the element is now', () => {
    const cardAt = (apiX: number) => {
      const records = [
        ...board(apiX).filter((r) => r.id !== 'shape:card'),
        // Stored far away: only the binding places it.
        shape('shape:card', 'threat-card', -3000, -3000, { w: 232, h: 64, threatId: 't1' }),
        {
          id: 'binding:card',
          typeName: 'binding',
          type: 'tb-anchor',
          fromId: 'shape:card',
          toId: 'shape:api',
          props: { dx: 12, dy: -70 },
          meta: {},
        },
      ]
      const svg = drawDiagrams(records, [threat], [asset])[0]!.svg
      const group = /<g transform="translate\((-?[\d.]+) (-?[\d.]+)\)">(?:(?!<\/g>).)*Forged/.exec(
        svg,
      )!
      return [Number(group[1]), Number(group[2])]
    }
    // The API's top-right corner is (apiX + 160, 0).
    expect(cardAt(400)).toEqual([572, -70])
    expect(cardAt(900)).toEqual([1072, -70])
  })

  it('draws one SVG per page, each with its own shapes', () => {
    const records = [
      ...board(),
      page('page:two', 'Back office', 'a2'),
      { ...node('shape:admin', 'external-entity', 0, 0, 'Warehouse admin'), parentId: 'page:two' },
    ]
    const pages = drawDiagrams(records, [threat], [asset])
    expect(pages.map((p) => [p.pageId, p.pageName])).toEqual([
      ['page:one', 'Checkout'],
      ['page:two', 'Back office'],
    ])
    expect(hasText(pages[0]!.svg, 'Checkout API')).toBe(true)
    expect(hasText(pages[0]!.svg, 'Warehouse admin')).toBe(false)
    expect(hasText(pages[1]!.svg, 'Warehouse admin')).toBe(true)
    expect(hasText(pages[1]!.svg, 'Checkout API')).toBe(false)
  })

  it('draws the labels of tldraw’s own notes, text, geo shapes and frames', () => {
    const records = [
      page('page:one', 'P', 'a1'),
      shape('shape:note', 'note', 0, 0, { richText: rich('Ask the PSP about tokens'), growY: 0 }),
      shape('shape:text', 'text', 300, 0, { w: 200, richText: rich('Legacy zone') }),
      shape('shape:geo', 'geo', 600, 0, { geo: 'ellipse', w: 120, h: 80, richText: rich('Cache') }),
      shape('shape:frame', 'frame', 0, 300, { w: 400, h: 200, name: 'Region EU' }),
    ]
    const svg = drawDiagrams(records, [], [])[0]!.svg
    for (const text of ['Ask the PSP about tokens', 'Legacy zone', 'Cache', 'Region EU']) {
      expect(hasText(svg, text), text).toBe(true)
    }
  })

  it('places shapes inside a frame at the frame’s position', () => {
    const records = [
      page('page:one', 'P', 'a1'),
      shape('shape:frame', 'frame', 1000, 2000, { w: 400, h: 300, name: 'Zone' }),
      { ...node('shape:n', 'process', 10, 20, 'Inside'), parentId: 'shape:frame' },
    ]
    const svg = drawDiagrams(records, [], [])[0]!.svg
    expect(svg).toContain('translate(1010 2020)')
  })

  it('escapes hostile text and refers to nothing outside the drawing', () => {
    const hostile = [
      '<script>alert(1)</script>',
      '"><image href="file:///etc/passwd"/>',
      'javascript:alert(1)',
      'nul\u0000byte',
    ]
    const records: JsonRecord[] = [
      page('page:one', '<svg onload=alert(1)>', 'a1'),
      ...hostile.map((name, i) => node(`shape:n${i}`, 'process', i * 200, 0, name)),
      arrow('shape:f', hostile[1]!, {
        dataFlow: { protocol: hostile[0], encrypted: false, publicNetwork: true },
      }),
    ]
    const pages = drawDiagrams(
      records,
      [{ ...threat, title: hostile[0]! }],
      [{ ...asset, name: hostile[1]! }],
    )
    const svg = pages[0]!.svg
    expect(svg).not.toMatch(/<(script|image|a|use|foreignObject|style)\b|href="|url\(/i)
    expect(svg.includes('\u0000')).toBe(false)
    expect(hasText(svg, '<script>alert(1)</script>')).toBe(true)
    expect(hasText(svg, '"><image href="file:///etc/passwd"/>')).toBe(true)
    expect(hasText(svg, 'javascript:alert(1)')).toBe(true)
    expect(pages[0]!.pageName).toBe('<svg onload=alert(1)>')
  })

  it('draws at most the cap of shapes on a page and says how many it left out', () => {
    const records: JsonRecord[] = [page('page:one', 'Big', 'a1')]
    for (let i = 0; i < MAX_SHAPES_PER_PAGE + 25; i++) {
      records.push(
        node(
          `shape:n${String(i).padStart(5, '0')}`,
          'process',
          (i % 50) * 200,
          Math.floor(i / 50) * 100,
          `N${i}`,
        ),
      )
    }
    const svg = drawDiagrams(records, [], [])[0]!.svg
    expect(svg.match(/<ellipse/g)).toHaveLength(MAX_SHAPES_PER_PAGE)
    expect(hasText(svg, '25 more shapes not drawn')).toBe(true)
  })

  it('draws at most the cap of pages and says how many it left out', () => {
    const records: JsonRecord[] = []
    for (let i = 0; i < MAX_PAGES + 3; i++) {
      const id = `page:p${String(i).padStart(3, '0')}`
      records.push(page(id, `Page ${i}`, `a${String(i).padStart(3, '0')}`), {
        ...node(`shape:n${i}`, 'process', 0, 0, `Node ${i}`),
        parentId: id,
      })
    }
    const pages = drawDiagrams(records, [], [])
    expect(pages).toHaveLength(MAX_PAGES)
    expect(hasText(pages.at(-1)!.svg, '3 more pages not drawn')).toBe(true)
    expect(hasText(pages[0]!.svg, 'not drawn')).toBe(false)
  })

  it('gives no page for an empty board', () => {
    expect(drawDiagrams([page('page:one', 'P', 'a1')], [], [])).toEqual([])
  })
})

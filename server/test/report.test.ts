import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser } from '@threatboard/shared/testing/browser'
import {
  getRecordsMap,
  RecommendationSchema,
  ThreatSchema,
  writeEntity,
  writeRecord,
  writeSession,
} from '@threatboard/shared'
import { connectSynced, type TestClient } from './helpers/clients.ts'
import { geoRecord } from './helpers/boardRecords.ts'
import { waitFor } from './helpers/poll.ts'
import {
  createRoomFull,
  saveVersion,
  startServer,
  type TestServer,
  type Tokens,
} from './helpers/server.ts'

/** Text a hostile participant might type, for every format's escaping. */
const HOSTILE = {
  script: '<script>window.__pwned = "script"</script>',
  img: '<img src=x onerror="window.__pwned = \'img\'">',
  mdLink: '[click me](javascript:alert(1)) ![x](http://example.invalid/t.png)',
  table: 'a | b | c',
  formula: '=HYPERLINK("http://example.invalid","x")',
  rtl: 'مرحبا \u202Egnp.exe',
  emoji: 'Token theft 🔥🧨',
}

describe('reports', () => {
  let s: TestServer
  let room: { id: string; tokens: Tokens }
  let editor: TestClient
  let browser: Browser | undefined

  const get = async (query: string, role: keyof Tokens = 'viewer') =>
    fetch(`${s.url}/api/rooms/${room.id}/report?${query}`, {
      headers: { authorization: `Bearer ${room.tokens[role]}` },
    })

  beforeAll(async () => {
    s = await startServer()
    room = await createRoomFull(s.url, `Payments ${HOSTILE.script}`)
    editor = await connectSynced(s.wsBase, room.id, room.tokens.editor)
    const doc = editor.doc
    writeSession(doc, {
      inScope: [HOSTILE.script, HOSTILE.mdLink],
      outOfScope: [HOSTILE.table],
      goals: [HOSTILE.rtl],
      lastThing: HOSTILE.img,
    })
    writeEntity(doc, 'assets', {
      id: 'a1',
      name: HOSTILE.formula,
      kind: 'data',
      sensitivity: 'restricted',
      owner: HOSTILE.emoji,
      notes: '',
    })
    const threat = (id: string, title: string, severity: string, category = 'tampering') =>
      ThreatSchema.parse({
        id,
        category,
        title,
        description: HOSTILE.img,
        targets: { elements: ['shape:gw'], assets: ['a1'] },
        severity,
        status: 'open',
        mitigation: HOSTILE.mdLink,
        createdAt: 1,
      })
    writeEntity(doc, 'threats', threat('t1', HOSTILE.table, 'low'))
    writeEntity(doc, 'threats', threat('t2', HOSTILE.script, 'critical'))
    writeEntity(doc, 'threats', threat('t3', HOSTILE.formula, 'high', 'spoofing'))
    writeEntity(
      doc,
      'recommendations',
      RecommendationSchema.parse({
        id: 'r1',
        text: HOSTILE.mdLink,
        priority: 'high',
        threatIds: ['t2'],
        owner: HOSTILE.rtl,
        ticketUrl: 'https://tracker.example/SEC-1?a=1&b="2"',
        status: 'accepted',
      }),
    )
    writeEntity(
      doc,
      'recommendations',
      RecommendationSchema.parse({
        id: 'r2',
        text: 'Rate-limit the login endpoint',
        priority: 'low',
        threatIds: ['t1'],
        status: 'exception',
        exception: { approvedBy: HOSTILE.emoji, reason: HOSTILE.script },
      }),
    )
    doc.transact(() =>
      writeRecord(
        getRecordsMap(doc),
        geoRecord('shape:gw', HOSTILE.script, { x: 100, y: 100 }, { w: 200, h: 80 }),
      ),
    )
    await waitFor(async () => {
      const r = await (await get('format=json')).json()
      return r.counts?.recommendations === 2
    }, 'the server to have the model')
  })

  afterAll(async () => {
    await browser?.close()
    editor.destroy()
    await s.close()
  })

  it('builds the report with the contents in order and the counts', async () => {
    const res = await get('format=json')
    expect(res.headers.get('content-type')).toContain('application/json')
    expect(res.headers.get('content-disposition')).toMatch(
      /attachment; filename="payments-script-.*\.json"/,
    )
    const r = await res.json()
    expect(r.schemaVersion).toBe(2)
    expect(r.title).toBe(`Payments ${HOSTILE.script}`)
    expect(r.version.kind).toBe('live')
    expect(r.recommendations.map((x: { id: string }) => x.id)).toEqual(['r1', 'r2'])
    expect(r.recommendations[0].priorityMeaning).toBe('Do this first, or get approval not to.')
    expect(r.recommendations[0].threats.map((t: { id: string }) => t.id)).toEqual(['t2'])
    expect(r.threatsByCategory.map((g: { category: string }) => g.category)).toEqual([
      'spoofing',
      'tampering',
    ])
    expect(r.threatsByCategory[1].threats.map((t: { id: string }) => t.id)).toEqual(['t2', 't1'])
    expect(r.unansweredThreats.map((t: { id: string }) => t.id)).toEqual(['t3'])
    expect(r.exceptions.map((x: { id: string }) => x.id)).toEqual(['r2'])
    expect(r.counts.openThreatsBySeverity).toEqual({ critical: 1, high: 1, medium: 0, low: 1 })
    expect(r.counts.recommendationsByPriority).toEqual({ high: 1, medium: 0, low: 1 })
    expect(r.diagrams).toHaveLength(1)
    expect(r.diagrams[0]).toMatchObject({ pageId: 'page:page', pageName: 'Page 1' })
    expect(r.diagrams[0].svg).toContain('<svg')
  })

  it('escapes Markdown: no HTML, no links, no broken table rows', async () => {
    const res = await get('format=markdown&layout=full')
    expect(res.headers.get('content-type')).toContain('text/markdown')
    const md = await res.text()
    // Every `<` of user text is escaped (`\<`), so no HTML tag survives.
    expect(md).not.toMatch(/(?<!\\)<(script|img)/)
    expect(md).toContain('\\<img src=x onerror=')
    // `[` and `]` are escaped, so no link or image can form; parentheses need no escape.
    expect(md).not.toMatch(/(?<!\\)\]\(javascript:/)
    expect(md).toContain(
      '\\[click me\\](javascript:alert(1)) !\\[x\\](http://example.invalid/t.png)',
    )
    // Every row of the threat tables has exactly its 5 cells: the `|` in a title is escaped.
    const rows = md.split('\n').filter((l) => /^\| .* \| (Low|Critical|High) \| Open \|/.test(l))
    expect(rows).toHaveLength(3)
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length - 2).toBe(5)
    expect(md).toContain('🔥🧨')
    expect(md).toContain('\u202E')
  })

  it('quotes CSV per RFC 4180 and neutralises formulas', async () => {
    const res = await get('format=csv')
    expect(res.headers.get('content-type')).toContain('text/csv')
    const csv = await res.text()
    expect(csv).toContain(`"'=HYPERLINK(""http://example.invalid"",""x"")"`)
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m)
    const lines = csv.trimEnd().split('\r\n')
    expect(lines[0]).toMatch(/^type,id,title,/)
    expect(lines.filter((l) => l.startsWith('threat,'))).toHaveLength(3)
    expect(lines.filter((l) => l.startsWith('recommendation,'))).toHaveLength(2)
  })

  it('renders a real PDF whose pages carry the report', async () => {
    const res = await get('format=pdf&layout=full')
    expect(res.headers.get('content-type')).toBe('application/pdf')
    const pdf = Buffer.from(await res.arrayBuffer())
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    const dir = mkdtempSync(path.join(tmpdir(), 'threatboard-pdf-'))
    const file = path.join(dir, 'report.pdf')
    writeFileSync(file, pdf)
    execFileSync('pdftoppm', ['-png', '-r', '50', file, path.join(dir, 'page')])
    const pages = readdirSync(dir).filter((f) => f.endsWith('.png'))
    expect(pages.length).toBeGreaterThanOrEqual(2)
    for (const p of pages) expect(statSync(path.join(dir, p)).size).toBeGreaterThan(2000)
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString()
    for (const expected of [
      'Summary',
      'Inventory',
      'Scope',
      'Diagram',
      'Assets',
      'Recommendations',
      'Threats',
      'Summary',
    ]) {
      expect(text).toContain(expected)
    }
    expect(text).toContain('High priority — Do this first, or get approval not to.')
    expect(text).toContain('Rate-limit the login endpoint')
    expect(text).toContain(HOSTILE.script)
    expect(text).toMatch(/page 1 of \d/)
    // Recommendations come before threats, as in every format.
    expect(text.indexOf('Recommendations')).toBeLessThan(text.indexOf('T — Tampering'))
  })

  it('refuses a bad format and a reader without a token', async () => {
    const bad = await get('format=docx')
    expect(bad.status).toBe(400)
    expect((await bad.json()).error.message).toContain('format must be one of')
    const anon = await fetch(`${s.url}/api/rooms/${room.id}/report?format=json`)
    expect(anon.status).toBe(401)
  })

  it('names each download so that reports of other layouts and versions do not overwrite it', async () => {
    const fileName = (res: Response) =>
      /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1]
    const version = await saveVersion(s.url, room.id, 'After the session')
    // One at a time, as a person clicks (the render threads refuse a queue beyond their own).
    const names: (string | undefined)[] = []
    for (const query of [
      'format=pdf&layout=summary',
      'format=pdf&layout=full',
      'format=markdown&layout=ticket',
      'format=csv&layout=full',
      `format=pdf&layout=summary&version=${version.id}`,
    ])
      names.push(fileName(await get(query)))
    const slug = 'payments-script-window-pwned-script-script'
    expect(names).toEqual([
      `${slug}-threat-model-summary.pdf`,
      `${slug}-threat-model-full.pdf`,
      `${slug}-threat-model-ticket.md`,
      `${slug}-threat-model.csv`,
      `${slug}-v${version.number}-threat-model-summary.pdf`,
    ])
    const exported = await fetch(
      `${s.url}/api/rooms/${room.id}/export?format=otm&version=${version.id}`,
      { headers: { authorization: `Bearer ${room.tokens.viewer}` } },
    )
    expect(fileName(exported)).toBe(`${slug}-v${version.number}-otm.json`)
  })

  it('no longer takes a diagram from a browser: the old upload path answers 410', async () => {
    const res = await fetch(`${s.url}/api/rooms/${room.id}/diagram`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${room.tokens.editor}`, 'content-type': 'image/svg+xml' },
      body: '<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>',
    })
    expect(res.status).toBe(410)
    expect((await res.json()).error.message).toContain('no longer accepted')
  })

  it('serves HTML that escapes everything and, opened in Chromium, runs no script and fetches nothing', async () => {
    const res = await get('format=html')
    expect(res.headers.get('content-type')).toContain('text/html')
    const page = await res.text()
    expect(page).not.toContain('<script')
    expect(page).not.toContain('<img src=x')
    expect(page).toContain('&#60;script&#62;')

    browser = await launchBrowser()
    const tab = await browser.newPage()
    const requests: string[] = []
    const dialogs: string[] = []
    tab.on('request', (req) => requests.push(req.url()))
    tab.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
    await tab.setContent(page, { waitUntil: 'load' })
    expect(await tab.evaluate(() => (window as { __pwned?: string }).__pwned)).toBeUndefined()
    expect(dialogs).toEqual([])
    expect(requests.filter((u) => !u.startsWith('data:') && u !== 'about:blank')).toEqual([])
    // The diagram is there, as an image.
    expect(await tab.locator('img.diagram').count()).toBe(1)
    expect(await tab.locator('h1').textContent()).toBe(`Payments ${HOSTILE.script}`)
  })
})

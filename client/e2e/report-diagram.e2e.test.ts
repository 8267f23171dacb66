import { execFileSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import type { Download, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BoardPage } from './fixtures/BoardPage.ts'
import { CanvasPage } from './fixtures/CanvasPage.ts'
import { E2ESession } from './fixtures/E2ESession.ts'
import { ModelPage } from './fixtures/ModelPage.ts'

const LAPTOP = { width: 1440, height: 900 }

/** Short enough to stay on one line of the drawing, so `pdftotext -layout` keeps them whole. */
const NAMES = {
  shopper: 'Shopper',
  api: 'Checkout API',
  db: 'Orders DB',
  zone: 'Payment zone',
}
const FLOWS = { order: 'Order form', rows: 'Order rows' }
const ASSETS = ['Card data', 'Order history', 'Session token']

const squash = (text: string) => text.replace(/\s+/g, ' ')

/** Every console error of a page, as the person's developer tools would list them. */
function consoleErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  return errors
}

/** Distance from a point to a rectangle (0 inside it). */
function distanceToBox(
  p: { x: number; y: number },
  b: { minX: number; minY: number; maxX: number; maxY: number },
): number {
  const dx = Math.max(b.minX - p.x, 0, p.x - b.maxX)
  const dy = Math.max(b.minY - p.y, 0, p.y - b.maxY)
  return Math.hypot(dx, dy)
}

/**
 * Issue 9, must-show 1: the report's diagram is the board. An editor builds a board with every
 * custom shape through the UI while an observer watches; the HTML and PDF reports downloaded
 * from the side panel draw every element, flow label, card title and pinned asset; nobody's
 * console logs an error; and after an element is dragged elsewhere, a saved version's report
 * draws its flow ending where the element now is.
 */
describe('the report’s diagram', () => {
  let session: E2ESession
  let owner: BoardPage
  let observer: BoardPage
  let canvas: CanvasPage
  let model: ModelPage
  let ownerErrors: string[]
  let observerErrors: string[]
  const ids: Record<string, string> = {}
  let titles: string[] = []
  let authorization = ''

  beforeAll(async () => {
    session = await E2ESession.start()
    owner = await session.owner('Checkout', 'Ada', LAPTOP)
    ownerErrors = consoleErrors(owner.page)
    observer = await session.invitee(await owner.inviteLink('observer'), 'Otto', LAPTOP)
    observerErrors = consoleErrors(observer.page)
    await owner.waitForStatus('live')
    await observer.waitForStatus('live')
    canvas = new CanvasPage(owner.page)
    model = new ModelPage(owner.page)
  })

  afterAll(async () => {
    await session?.dispose()
  })

  /** Clicks a report button of the side panel and reads the file it saves. */
  const download = async (testId: string): Promise<{ file: Download; body: Buffer }> => {
    const [file, request] = await Promise.all([
      owner.page.waitForEvent('download'),
      owner.page.waitForRequest((r) => r.url().includes('/report?')),
      owner.page.getByTestId(testId).click(),
    ])
    authorization = request.headers()['authorization'] ?? ''
    return { file, body: await readFile((await file.path())!) }
  }

  it('draws every element, flow, card and pin of the board in the HTML and PDF reports', async () => {
    ids.zone = await model.addElement('trust-boundary', NAMES.zone, { x: 380, y: 40 })
    ids.shopper = await model.addElement('external-entity', NAMES.shopper, { x: 0, y: 160 })
    ids.api = await model.addElement('process', NAMES.api, { x: 480, y: 120 })
    ids.db = await model.addElement('data-store', NAMES.db, { x: 480, y: 360 })

    ids.order = await model.addFlow(ids.shopper!, ids.api!, FLOWS.order)
    await owner.page.getByTestId('flow-protocol').fill('HTTPS')
    await owner.page.getByTestId('flow-protocol').press('Enter')
    await owner.page.getByTestId('flow-encrypted').check()
    await owner.page.getByTestId('flow-public').check()
    ids.rows = await model.addFlow(ids.api!, ids.db!, FLOWS.rows)
    await owner.page.getByTestId('flow-protocol').fill('SQL')
    await owner.page.getByTestId('flow-protocol').press('Enter')
    await expect
      .poll(async () =>
        squash((await owner.page.getByTestId('flow-badge').allTextContents()).join(' ')),
      )
      .toMatch(/HTTPS.*SQL|SQL.*HTTPS/)

    // Six cards: five from the STRIDE palette, one from a prompt.
    await model.select(ids.shopper!)
    await canvas.dropCard('spoofing')
    await canvas.dropCard('repudiation')
    await model.select(ids.api!)
    await canvas.dropCard('tampering')
    await canvas.dropCard('elevation-of-privilege')
    await owner.page.getByTestId('prompt-add-denial-of-service').click()
    await model.select(ids.db!)
    await canvas.dropCard('information-disclosure')
    await expect.poll(() => owner.page.getByTestId('threat-card').count()).toBe(6)

    // Three assets, each pinned to an element.
    for (const [i, [name, on]] of [
      [ASSETS[0]!, ids.db!],
      [ASSETS[1]!, ids.db!],
      [ASSETS[2]!, ids.api!],
    ].entries()) {
      await owner.page.getByTestId('asset-name').fill(name)
      await owner.page.getByTestId('asset-add').click()
      await expect.poll(() => owner.page.getByTestId('asset-row').count()).toBe(i + 1)
      await model.select(on)
      await owner.page
        .getByTestId('asset-row')
        .filter({ hasText: name })
        .getByTestId('pin-asset')
        .click()
    }
    await expect.poll(() => owner.page.getByTestId('asset-pin').count()).toBe(3)
    await expect.poll(() => observer.page.getByTestId('asset-pin').count()).toBe(3)
    await expect.poll(() => observer.page.getByTestId('threat-card').count()).toBe(6)

    titles = await canvas.cardTitles()
    expect(titles).toHaveLength(6)
    await owner.page.evaluate(() => {
      window.__tbEditor!.selectNone()
    })
    await owner.page.screenshot({ path: '/tmp/report-diagram-board.png' })

    await owner.page.getByTestId('report-layout').selectOption('full')
    const expected = [...Object.values(NAMES), ...Object.values(FLOWS), ...titles, ...ASSETS]

    const html = (await download('report-html')).body.toString('utf8')
    const images = [
      ...html.matchAll(/<img class="diagram[^>]*? src="data:image\/svg\+xml;base64,([^"]+)"/g),
    ]
    expect(images.length).toBeGreaterThan(0)
    const svgText = squash(
      (
        await Promise.all(
          images.map((m) => canvas.exportedText(Buffer.from(m[1]!, 'base64').toString('utf8'))),
        )
      ).join('\n'),
    )
    for (const text of expected) {
      expect(svgText, `the HTML report’s diagram lacks “${text}”`).toContain(squash(text))
    }
    for (const badge of ['HTTPS', 'SQL', 'encrypted', 'not encrypted', 'public network']) {
      expect(svgText, `the HTML report’s diagram lacks the badge “${badge}”`).toContain(badge)
    }

    const pdf = await download('report-pdf')
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-')
    // The drawing's own sheet (its heading first), not the tables that also name everything.
    // `-layout` interleaves a title wrapped over two lines with its neighbours on the same
    // rows; `-raw` keeps the drawing order, in which a wrapped title's lines follow each other.
    const sheet = async (mode: string) =>
      execFileSync('pdftotext', [mode, (await pdf.file.path())!, '-'])
        .toString()
        .split('\f')
        .filter((text) => /^Diagram\b/.test(text.trim()))
    const laidOut = await sheet('-layout')
    const raw = await sheet('-raw')
    expect(laidOut, 'the PDF has no sheet of the diagram').toHaveLength(1)
    expect(raw).toHaveLength(1)
    const found = `${squash(laidOut[0]!)}\n${squash(raw[0]!)}`
    for (const text of expected) {
      expect(found, `the PDF report’s diagram lacks “${text}”`).toContain(squash(text))
    }

    expect(ownerErrors).toEqual([])
    expect(observerErrors).toEqual([])
    expect(session.log.errors).toEqual([])
  })

  it('draws a saved version’s flows ending where their elements were dragged to', async () => {
    const bounds = () =>
      owner.page.evaluate((id) => {
        const b = window.__tbEditor!.getShapePageBounds(id as never)!
        return { minX: b.minX, minY: b.minY, maxX: b.maxX, maxY: b.maxY }
      }, ids.db!)
    const before = await bounds()
    await owner.page.evaluate(() => {
      window.__tbEditor!.selectNone()
    })
    // Dragged by its body, well below and to the right of where it was.
    const from = await model.center(ids.db!)
    const edge = await model.screenBounds(ids.db!)
    const grab = { x: from.x, y: edge.y + edge.h - 8 }
    await canvas.drag(grab, { x: grab.x + 260, y: grab.y + 140 })
    await expect.poll(async () => (await bounds()).minX - before.minX).toBeGreaterThan(150)
    const after = await bounds()

    await owner.saveVersion('After the move')
    await expect
      .poll(() => owner.page.getByTestId('report-status').textContent())
      .toBe('Saved version 1: After the move')

    const api = `${session.server.url}/api/rooms/${encodeURIComponent(new URL(owner.page.url()).pathname.split('/').pop()!)}`
    const headers = { authorization }
    const { versions } = (await (await fetch(`${api}/versions`, { headers })).json()) as {
      versions: { id: string; name: string }[]
    }
    const version = versions.find((v) => v.name === 'After the move')!
    const res = await fetch(`${api}/report?format=json&version=${encodeURIComponent(version.id)}`, {
      headers,
    })
    expect(res.status).toBe(200)
    const report = (await res.json()) as { diagrams: { svg: string }[] }
    const svg = report.diagrams[0]!.svg
    const flowId = ids.rows!.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
    const d = new RegExp(`<path d="([^"]+)"[^>]*data-flow-id="${flowId}"`).exec(svg)?.[1]
    expect(d, 'the version’s diagram has no course for the moved element’s flow').toBeDefined()
    const numbers = d!.match(/-?\d+(\.\d+)?/g)!.map(Number)
    const end = { x: numbers.at(-2)!, y: numbers.at(-1)! }
    expect(distanceToBox(end, after), `flow ends at ${JSON.stringify(end)}`).toBeLessThan(12)
    expect(distanceToBox(end, before)).toBeGreaterThan(60)

    expect(ownerErrors).toEqual([])
    expect(observerErrors).toEqual([])
    expect(session.log.errors).toEqual([])
  })
})

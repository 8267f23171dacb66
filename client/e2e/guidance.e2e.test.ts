import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { emptyModel, GUIDANCE_RULES, toThreatDragon } from '@threatboard/shared'
import type { BoardPage } from './fixtures/BoardPage.ts'
import { E2ESession } from './fixtures/E2ESession.ts'
import { drawOrders, GUIDANCE_VIEWPORT, ordersTeam, suggestion } from './fixtures/guidance.ts'
import { LobbyPage } from './fixtures/LobbyPage.ts'
import { ModelPage, openDetails } from './fixtures/ModelPage.ts'

const rule = (id: string) => GUIDANCE_RULES.find((r) => r.id === id)!

/** The coverage state ('considered', 'open', 'unusual') of one category on one element. */
const coverage = (page: Page, elementId: string, category: string) =>
  page
    .locator(`[data-testid="coverage-row"][data-element="${elementId}"]`)
    .getByTestId(`coverage-${category}`)
    .getAttribute('data-state')

/**
 * Issue 14, must-show 2: Alice draws a customer sending orders to an API and says the API
 * handles personal data; the rules suggest what the team may have missed. Alice accepts one (a
 * card with the rule's title and a recommendation appear for Bob too) and dismisses another
 * (Bob's coverage shows that category as considered). Tests run in order.
 */
describe('guidance: what might we have missed?', () => {
  let session: E2ESession
  let a: BoardPage
  let b: BoardPage
  let o: BoardPage
  let am: ModelPage
  const ids: Record<string, string> = {}
  const shots = process.env.SCREENSHOT_DIR
  const viewport = GUIDANCE_VIEWPORT

  beforeAll(async () => {
    session = await E2ESession.start()
    ;({ a, b, o, am } = await ordersTeam(session))
  })
  afterAll(() => session?.dispose())

  it('Alice draws a customer and an API and marks the API as handling personal data; Bob sees it', async () => {
    Object.assign(ids, await drawOrders(am))
    await am.select(ids.api)
    const props = a.page.getByTestId('guidance-properties')
    await expect.poll(() => props.locator('legend').textContent()).toBe('Process Orders API')
    await props.getByTestId('prop-handlesPersonalData').check()

    await new ModelPage(b.page).select(ids.api)
    await expect.poll(() => b.page.getByTestId('prop-handlesPersonalData').isChecked()).toBe(true)
  })

  it('suggestions stay hidden until Alice asks, and then follow the property she set', async () => {
    expect(await a.page.getByTestId('suggestion-list').count()).toBe(0)
    // Asked from the keyboard: the button becomes "Hide suggestions" and keeps the focus.
    await a.page.getByTestId('guidance-ask').focus()
    await a.page.keyboard.press('Enter')
    await suggestion(a.page, 'process-sensitive-data-exposed', ids.api!).waitFor()
    expect(await a.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'guidance-hide',
    )
    expect(await a.page.getByTestId('guidance-hide').getAttribute('aria-expanded')).toBe('true')
    await suggestion(a.page, 'entity-unauthenticated', ids.customer!).waitFor()
    // Bob has not asked and the session does not show them: nothing on his side yet.
    expect(await b.page.getByTestId('suggestion-list').count()).toBe(0)

    await a.page.getByTestId('prop-handlesPersonalData').uncheck()
    await expect
      .poll(() => suggestion(a.page, 'process-sensitive-data-exposed', ids.api!).count())
      .toBe(0)
    await a.page.getByTestId('prop-handlesPersonalData').check()
    await suggestion(a.page, 'process-sensitive-data-exposed', ids.api!).waitFor()

    // Narrowed to the selected API, then the whole board again.
    const listed = () =>
      a.page
        .getByTestId('suggestion')
        .evaluateAll((rows) => [...new Set(rows.map((r) => r.getAttribute('data-element')))])
    await a.page.getByTestId('guidance-only-selected').check()
    await expect.poll(listed).toEqual([ids.api])
    await a.page.getByTestId('guidance-only-selected').uncheck()
    await expect.poll(async () => (await listed()).sort()).toEqual([ids.api, ids.customer].sort())
  })

  it('Alice shows them to the session: Bob sees them without asking', async () => {
    await a.page.getByTestId('guidance-session-toggle').check()
    await suggestion(b.page, 'process-sensitive-data-exposed', ids.api!).waitFor()
  })

  it('Alt+8 jumps to the Guidance section', async () => {
    await a.page.locator('.tl-container').focus()
    await a.page.keyboard.press('Alt+8')
    await expect
      .poll(() => a.page.evaluate(() => document.activeElement?.id))
      .toBe('tb-section-guidance')
  })

  it('an observer sees the properties and suggestions but cannot change or act on them', async () => {
    await new ModelPage(o.page).select(ids.api!)
    const box = o.page.getByTestId('prop-handlesPersonalData')
    await expect.poll(() => box.isChecked()).toBe(true)
    expect(await box.isDisabled()).toBe(true)
    await suggestion(o.page, 'process-sensitive-data-exposed', ids.api!).waitFor()
    expect(await o.page.getByTestId('suggestion-accept').count()).toBe(0)
    expect(await o.page.getByTestId('guidance-session-toggle').count()).toBe(0)
  })

  it('accepting one makes a card with the rule title and a recommendation, for both', async () => {
    const row = suggestion(a.page, 'process-sensitive-data-exposed', ids.api!)
    const title = (await row.getByTestId('suggestion-title').textContent())!
    expect(title).toContain('Orders API')
    await row.getByTestId('suggestion-accept').click()
    for (const person of [a, b]) {
      await expect
        .poll(() => person.page.getByTestId('threat-card').filter({ hasText: title }).count())
        .toBe(1)
      await expect
        .poll(() =>
          person.page
            .getByTestId('recommendation')
            .filter({ hasText: rule('process-sensitive-data-exposed').recommendation.text })
            .count(),
        )
        .toBe(1)
      // The threat covers (API, information disclosure): the suggestion is gone for both.
      await expect
        .poll(() => suggestion(person.page, 'process-sensitive-data-exposed', ids.api!).count())
        .toBe(0)
      expect(await coverage(person.page, ids.api!, 'information-disclosure')).toBe('considered')
    }
    // Attributed to the rule on Bob's side too.
    const threatRow = b.page.getByTestId('threat-row').filter({ hasText: title })
    await openDetails(threatRow)
    await expect
      .poll(() => threatRow.textContent())
      .toContain('Rule process-sensitive-data-exposed (accepted by Alice)')
  })

  it('dismissing one records the category as considered in both coverages', async () => {
    for (const person of [a, b]) {
      expect(await coverage(person.page, ids.customer!, 'spoofing')).toBe('open')
    }
    await suggestion(a.page, 'entity-unauthenticated', ids.customer!)
      .getByTestId('suggestion-dismiss')
      .click()
    for (const person of [a, b]) {
      await expect.poll(() => coverage(person.page, ids.customer!, 'spoofing')).toBe('considered')
      await expect
        .poll(() => suggestion(person.page, 'entity-unauthenticated', ids.customer!).count())
        .toBe(0)
    }
    if (shots) {
      // The Guidance section with the API selected: properties, suggestions, coverage.
      await am.select(ids.api!)
      await a.page.setViewportSize({ width: 1400, height: 1300 })
      await a.page.getByTestId('jump-guidance').click()
      await a.page.screenshot({ path: `${shots}/guidance.png` })
      await a.page.setViewportSize(viewport)
    }
  })

  it('a Threat Dragon file brings its properties, and the rules read them on the new board', async () => {
    const model = emptyModel('Vault')
    model.diagrams = [{ id: 'main', title: 'Secrets' }]
    model.elements.push({
      id: 'vault',
      diagram: 'main',
      kind: 'data-store',
      name: 'Secrets',
      description: '',
      inScope: true,
      assets: [],
      properties: { storesCredentials: true },
      x: 400,
      y: 300,
      w: 160,
      h: 80,
    })
    const c = await session.openPage(viewport)
    await new LobbyPage(c.page, session.server.url).open()
    await c.page.getByTestId('import-file-input').setInputFiles({
      name: 'vault.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(toThreatDragon(model))),
    })
    await c.page.waitForURL(/\/r\/[A-Za-z0-9_-]{22}$/)
    await c.join('Carol')
    await c.waitForEditor()
    await new ModelPage(c.page).select('shape:vault')
    await expect.poll(() => c.page.getByTestId('prop-storesCredentials').isChecked()).toBe(true)
    await c.page.getByTestId('guidance-ask').click()
    await suggestion(c.page, 'store-credentials-unencrypted', 'shape:vault').waitFor()
  })
})

/**
 * The rules read where elements are only through which boundary holds them (the layout): Bob
 * drags a worker out of the internal network with the mouse, so the jobs flowing to it now
 * cross a boundary, and the rules say so on every board; he drags it back and they stop.
 */
describe('guidance: an element dragged across a trust boundary', () => {
  let session: E2ESession
  let a: BoardPage
  let b: BoardPage
  let o: BoardPage
  let am: ModelPage
  let worker = ''

  beforeAll(async () => {
    session = await E2ESession.start()
    ;({ a, b, o, am } = await ordersTeam(session))
  })
  afterAll(() => session?.dispose())

  /** Bob drags the worker by `dx` screen pixels, gripping it away from the flow's arrowhead. */
  const bobDrags = async (dx: number) => {
    const bm = new ModelPage(b.page)
    const box = await bm.screenBounds(worker)
    const grip = { x: box.x + box.w - 20, y: box.y + box.h - 12 }
    await b.drag(grip, { x: grip.x + dx, y: grip.y })
    await b.page.keyboard.press('Escape')
  }
  const outsideInput = (page: Page) => suggestion(page, 'process-outside-input', worker).count()

  it('inside the network the jobs do not count as input from outside', async () => {
    await am.addElement('trust-boundary', 'Internal network', { x: 300, y: 120 })
    const web = await am.addElement('process', 'Web app', { x: 340, y: 200 })
    worker = await am.addElement('process', 'Worker', { x: 560, y: 200 })
    await am.addFlow(web, worker, 'jobs')
    await a.page.getByTestId('guidance-ask').click()
    await a.page.getByTestId('guidance-session-toggle').check()
    // The rules have run on both boards (a list, or "No suggestions") and say nothing of this.
    const shown = '[data-testid="suggestion-list"], [data-testid="guidance-none"]'
    await a.page.locator(shown).first().waitFor()
    await b.page.locator(shown).first().waitFor()
    expect(await outsideInput(a.page)).toBe(0)
    expect(await outsideInput(b.page)).toBe(0)
  })

  it('Bob drags the worker out: everyone is told its input now comes from outside', async () => {
    await bobDrags(420)
    await expect.poll(() => outsideInput(b.page)).toBe(1)
    await expect.poll(() => outsideInput(a.page)).toBe(1)
    await expect.poll(() => outsideInput(o.page)).toBe(1)
  })

  it('and back in: the suggestion goes, for everyone', async () => {
    await bobDrags(-420)
    await expect.poll(() => outsideInput(b.page)).toBe(0)
    await expect.poll(() => outsideInput(a.page)).toBe(0)
    await expect.poll(() => outsideInput(o.page)).toBe(0)
  })
})

/**
 * Cards go beside what they are about without hiding the diagram: on the internal admin tool's
 * board, where four flows leave the console, Bob accepts six suggestions; no card lies across a
 * flow's line or on an element, a pin or another card.
 */
describe('guidance: accepted cards keep off the flows', () => {
  let session: E2ESession
  let b: BoardPage

  beforeAll(async () => {
    session = await E2ESession.start()
    const a = await session.owner('Admin console', 'Alice', GUIDANCE_VIEWPORT, 'admin-tool')
    b = await session.invitee(await a.inviteLink('editor'), 'Bob', GUIDANCE_VIEWPORT)
    await b.waitForStatus('live')
  })
  afterAll(() => session?.dispose())

  it('six cards on the admin tool, none across a line or on another shape', async () => {
    await b.page.getByRole('button', { name: 'Guidance' }).first().click()
    await b.page.getByTestId('guidance-ask').click()
    for (let i = 0; i < 6; i++) {
      const accept = b.page.getByTestId('suggestion-accept').first()
      const before = await b.page.getByTestId('threat-card').count()
      await accept.click()
      await expect.poll(() => b.page.getByTestId('threat-card').count()).toBe(before + 1)
    }
    const placed = await b.page.evaluate(() => {
      const editor = window.__tbEditor!
      const shapes = editor.getCurrentPageShapes()
      // Each flow's drawn line, as points 4 px apart or closer (page space).
      const lines = shapes
        .filter((s) => s.type === 'arrow')
        .map((s) => {
          const geometry = editor.getShapeGeometry(s) as unknown as {
            children?: { vertices: { x: number; y: number }[] }[]
            vertices: { x: number; y: number }[]
          }
          const body = geometry.children?.[0] ?? geometry
          const points = editor.getShapePageTransform(s).applyToPoints(body.vertices)
          return points.slice(1).flatMap((p, i) => {
            const q = points[i]!
            const n = Math.ceil(Math.hypot(p.x - q.x, p.y - q.y) / 4)
            return Array.from({ length: n + 1 }, (_, k) => ({
              x: q.x + ((p.x - q.x) * k) / n,
              y: q.y + ((p.y - q.y) * k) / n,
            }))
          })
        })
      const boxes = shapes
        .filter((s) => s.type !== 'arrow' && s.type !== 'trust-boundary')
        .map((s) => ({ id: s.id, b: editor.getShapePageBounds(s)! }))
      return shapes
        .filter((s) => s.type === 'threat-card')
        .map((card) => {
          const c = editor.getShapePageBounds(card)!
          const across = lines.filter((line) =>
            line.some((p) => p.x > c.minX && p.x < c.maxX && p.y > c.minY && p.y < c.maxY),
          ).length
          const covers = boxes.filter(({ id, b }) => id !== card.id && b.collides(c)).length
          return { across, covers }
        })
    })
    expect(placed).toHaveLength(6)
    expect(placed.map((p) => p.across)).toEqual([0, 0, 0, 0, 0, 0])
    expect(placed.map((p) => p.covers)).toEqual([0, 0, 0, 0, 0, 0])
  })

  it('accepting or dismissing from the keyboard leaves the focus on the next suggestion', async () => {
    /** The focused element's test id and the row it is in (-1: not in the list). */
    const focused = () =>
      b.page.evaluate(() => {
        const el = document.activeElement
        const row = el?.closest('[data-testid="suggestion"]')
        return {
          id: el?.getAttribute('data-testid'),
          row: row ? [...row.parentElement!.children].indexOf(row) : -1,
        }
      })
    const count = () => b.page.getByTestId('suggestion').count()
    const before = await count()
    expect(before).toBeGreaterThan(2)
    await b.page.getByTestId('suggestion-accept').nth(1).focus()
    await b.page.keyboard.press('Enter')
    await expect.poll(count).toBeLessThan(before)
    await expect.poll(focused).toEqual({ id: 'suggestion-accept', row: 1 })
    const left = await count()
    await b.page.keyboard.press('Tab')
    expect(await focused()).toEqual({ id: 'suggestion-dismiss', row: 1 })
    await b.page.keyboard.press('Enter')
    await expect.poll(count).toBeLessThan(left)
    await expect.poll(focused).toEqual({ id: 'suggestion-dismiss', row: 1 })
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { findTemplate, GUIDANCE_RULES } from '@threatboard/shared'
import type { BoardPage } from './fixtures/BoardPage.ts'
import { E2ESession } from './fixtures/E2ESession.ts'
import {
  cardAndRecommendation,
  drawOrders,
  GUIDANCE_VIEWPORT,
  ordersTeam,
  suggestion,
} from './fixtures/guidance.ts'
import { ModelPage } from './fixtures/ModelPage.ts'
import { CanvasPage, intersects } from './fixtures/CanvasPage.ts'

const rule = (id: string) => GUIDANCE_RULES.find((r) => r.id === id)!

/** The letters the coverage overlay draws on the canvas under one element. */
const overlay = (page: Page, elementId: string) =>
  page.locator(`[data-testid="coverage-overlay"][data-element="${elementId}"]`)

/** The overlay's state ('considered', 'open', 'unusual') of one category on one element. */
const letter = (page: Page, elementId: string, category: string) =>
  overlay(page, elementId).getByTestId(`coverage-${category}`).getAttribute('data-state')

/**
 * Issue 14, must-show 2, on the canvas: Alice draws a customer sending orders to an API and asks
 * what the team might have missed. She accepts one suggestion (a card with the rule's title and
 * a recommendation appear for Bob too) and dismisses another: the coverage overlay, switched on
 * by each of them, shows that category as considered on both boards. Then "considered, none
 * found", the checklist, and what the overlay must not do (catch the pointer, stay behind when a
 * shape moves, show in an export). Last, the same on a board started from a template in the
 * lobby. Tests run in order.
 */
describe('coverage overlay', () => {
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

  it('Alice draws a customer, an API and the flow between them', async () => {
    Object.assign(ids, await drawOrders(am))
    await a.page.keyboard.press('Escape')
    await expect.poll(async () => (await new ModelPage(b.page).flows()).length).toBe(1)
  })

  it('the overlay is off until switched on: Alice with the button, Bob with Shift+C', async () => {
    expect(await a.page.getByTestId('coverage-overlay').count()).toBe(0)
    await a.page.getByTestId('coverage-toggle').click()
    await b.pressOnCanvas('Shift+C')
    for (const person of [a, b]) {
      await expect.poll(() => person.page.getByTestId('coverage-overlay').count()).toBe(3)
      // A customer is usually asked about Spoofing and Repudiation, not Tampering.
      expect(await letter(person.page, ids.customer!, 'spoofing')).toBe('open')
      expect(await letter(person.page, ids.customer!, 'tampering')).toBe('unusual')
      await expect
        .poll(() => person.page.getByTestId('coverage-bar-summary').textContent())
        .toBe('Processes 0/6 · External entities 0/2 · Data flows 0/3 · Board 0 %')
    }
    expect(await a.page.getByTestId('coverage-toggle').getAttribute('aria-pressed')).toBe('true')
  })

  it('accepting a suggestion makes a card with the rule title and a recommendation, for both', async () => {
    await a.page.getByTestId('guidance-ask').click()
    const row = suggestion(a.page, 'process-unauthenticated-callers', ids.api!)
    const title = (await row.getByTestId('suggestion-title').textContent())!
    expect(title).toContain('Orders API')
    await row.getByTestId('suggestion-accept').click()
    for (const person of [a, b]) {
      await expect
        .poll(() =>
          cardAndRecommendation(
            person.page,
            title,
            rule('process-unauthenticated-callers').recommendation.text,
          ),
        )
        .toEqual({ cards: 1, recommendations: 1 })
      await expect.poll(() => letter(person.page, ids.api!, 'spoofing')).toBe('considered')
    }
  })

  it('dismissing one shows that category as considered on both overlays', async () => {
    for (const person of [a, b]) {
      expect(await letter(person.page, ids.customer!, 'spoofing')).toBe('open')
    }
    await suggestion(a.page, 'entity-unauthenticated', ids.customer!)
      .getByTestId('suggestion-dismiss')
      .click()
    for (const person of [a, b]) {
      await expect.poll(() => letter(person.page, ids.customer!, 'spoofing')).toBe('considered')
      await expect
        .poll(() => person.page.getByTestId('coverage-bar-summary').textContent())
        .toBe('Processes 1/6 · External entities 1/2 · Data flows 0/3 · Board 18 %')
    }
  })

  it('Bob marks the flow "considered, none found" for Tampering; Alice sees it, the checklist counts it', async () => {
    const bm = new ModelPage(b.page)
    await bm.select(ids.flow!)
    const toggle = b.page.getByTestId('none-found-tampering')
    await toggle.click()
    expect(await toggle.getAttribute('aria-pressed')).toBe('true')
    await expect.poll(() => letter(a.page, ids.flow!, 'tampering')).toBe('considered')
    await expect
      .poll(() => a.page.getByTestId('session-steps').textContent())
      .toContain('Coverage 27 %: 3 of the 11 STRIDE categories')
    expect(await am.steps()).toContain('○ Coverage')
    // Taken back: open again for both.
    await toggle.click()
    await expect.poll(() => letter(a.page, ids.flow!, 'tampering')).toBe('open')
    await expect.poll(() => letter(b.page, ids.flow!, 'tampering')).toBe('open')
    await b.page.keyboard.press('Escape')
  })

  it('an observer switches the overlay on and sees it, but gets no "none found" switches', async () => {
    await o.page.getByTestId('coverage-toggle').click()
    await expect.poll(() => letter(o.page, ids.customer!, 'spoofing')).toBe('considered')
    await new ModelPage(o.page).select(ids.flow!)
    expect(await o.page.getByTestId('none-found-tampering').count()).toBe(0)
  })

  it('the letters follow a moved shape, let drawing through, and stay out of exports', async () => {
    // The letters sit under the API's bottom-left corner on Bob's board, before and after
    // Alice moves it.
    const bm = new ModelPage(b.page)
    const offset = async () => {
      const letters = (await overlay(b.page, ids.api!).boundingBox())!
      const shape = await bm.screenBounds(ids.api!)
      return { x: Math.round(letters.x - shape.x), y: Math.round(letters.y - (shape.y + shape.h)) }
    }
    const before = await offset()
    expect(Math.abs(before.x)).toBeLessThanOrEqual(1)
    expect(before.y).toBeGreaterThanOrEqual(0)
    expect(before.y).toBeLessThanOrEqual(10)
    const start = (await bm.screenBounds(ids.api!)).x
    await a.page.evaluate((id) => {
      const editor = window.__tbEditor!
      const shape = editor.getShape(id as never)!
      editor.updateShape({ id: shape.id, type: shape.type, x: shape.x + 100, y: shape.y + 120 })
    }, ids.api!)
    await expect.poll(async () => (await bm.screenBounds(ids.api!)).x > start + 50).toBe(true)
    await expect.poll(offset).toEqual(before)

    // A rectangle drawn from the middle of the customer's letters is drawn, not blocked.
    const letters = (await overlay(a.page, ids.customer!).boundingBox())!
    expect(
      await overlay(a.page, ids.customer!).evaluate((el) => getComputedStyle(el).pointerEvents),
    ).toBe('none')
    const from = { x: letters.x + letters.width / 2, y: letters.y + letters.height / 2 }
    const count = async () => (await am.shapes()).filter((s) => s.type === 'geo').length
    const rectangles = await count()
    await a.drawRectangle(from, { x: from.x + 60, y: from.y + 60 })
    await expect.poll(count).toBe(rectangles + 1)
    await a.page.keyboard.press('Escape')
    await a.page.evaluate(() => {
      const editor = window.__tbEditor!
      editor.deleteShapes(editor.getCurrentPageShapes().filter((s) => s.type === 'geo'))
      editor.setCurrentTool('select')
    })

    // An SVG export of the board carries the shapes and none of the overlay.
    const svg = await a.page.evaluate(async () => {
      const editor = window.__tbEditor!
      const ids = editor.getCurrentPageShapes().map((s) => s.id)
      return (await editor.getSvgString(ids))?.svg ?? ''
    })
    expect(svg).toContain('Orders API')
    expect(svg).not.toContain('tb-coverage')
  })

  it('puts a bent flow’s letters under its label, a label of two lines included', async () => {
    await a.page.evaluate((id) => {
      const editor = window.__tbEditor!
      const text = 'card number, expiry date and the customer’s billing address'
      const richText = {
        type: 'doc',
        content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
      }
      editor.updateShape({ id: id as never, type: 'arrow', props: { bend: 90, richText } })
    }, ids.flow!)
    // On Bob's board: the label's box on screen, and the letters' box.
    const placed = async () => {
      const label = await b.page.evaluate((id) => {
        const editor = window.__tbEditor!
        const geometry = editor.getShapeGeometry(id as never) as unknown as {
          children: {
            isLabel: boolean
            bounds: { minX: number; minY: number; maxX: number; maxY: number }
          }[]
        }
        const box = geometry.children.find((c) => c.isLabel)?.bounds
        if (!box) return undefined
        const t = editor.getShapePageTransform(id as never)
        const top = editor.pageToScreen(t.applyToPoint({ x: box.minX, y: box.minY }))
        const bottom = editor.pageToScreen(t.applyToPoint({ x: box.maxX, y: box.maxY }))
        return { midX: (top.x + bottom.x) / 2, height: bottom.y - top.y, bottom: bottom.y }
      }, ids.flow!)
      const letters = await overlay(b.page, ids.flow!).boundingBox()
      if (!label || !letters) return undefined
      return {
        twoLinesOrMore: label.height > 40,
        below: Math.round(letters.y - label.bottom),
        offCentre: Math.round(Math.abs(letters.x + letters.width / 2 - label.midX)),
      }
    }
    await expect.poll(async () => (await placed())?.twoLinesOrMore).toBe(true)
    const at = (await placed())!
    expect(at.below, 'gap between the label and the letters').toBeGreaterThanOrEqual(0)
    expect(at.below).toBeLessThanOrEqual(10)
    expect(at.offCentre).toBeLessThanOrEqual(2)
  })

  it('switched off again with Shift+C', async () => {
    if (shots) {
      // The overlay beside the Guidance section's coverage list; then the section itself with
      // the API selected (its properties, coverage and suggestions).
      await a.page.evaluate(() => {
        window.__tbEditor!.selectNone()
      })
      await a.page.getByTestId('jump-guidance').click()
      await a.page.getByTestId('coverage-list').scrollIntoViewIfNeeded()
      await a.page.screenshot({ path: `${shots}/coverage.png` })
      await am.select(ids.api!)
      await a.page.setViewportSize({ width: 1400, height: 1300 })
      await a.page.getByTestId('jump-guidance').click()
      await a.page.screenshot({ path: `${shots}/coverage-guidance.png` })
      await a.page.setViewportSize(viewport)
      await a.page.evaluate(() => {
        window.__tbEditor!.selectNone()
      })
    }
    await a.pressOnCanvas('Shift+C')
    await expect.poll(() => a.page.getByTestId('coverage-overlay').count()).toBe(0)
    // Bob's own switch is his: still on.
    expect(await b.page.getByTestId('coverage-overlay').count()).toBe(3)
  })

  it('on a board started from the payment-flow template in the lobby: accept and dismiss, for both editors', async () => {
    // Carol creates the room from the lobby's "Start from a template"; Dan joins as an editor
    // and is the one who asks.
    const carol = await session.owner('Checkout review', 'Carol', viewport, 'payment-flow')
    const dan = await session.invitee(await carol.inviteLink('editor'), 'Dan', viewport)
    await dan.waitForStatus('live')
    const template = findTemplate('payment-flow')!
    const [checkout, shopper] = ['shape:checkout', 'shape:shopper']
    await carol.page.getByTestId('coverage-toggle').click()
    await dan.pressOnCanvas('Shift+C')
    for (const person of [carol, dan]) {
      await expect
        .poll(() => person.page.getByTestId('coverage-overlay').count())
        .toBe(template.nodes.length + template.flows.length)
      expect(await letter(person.page, checkout, 'repudiation')).toBe('open')
      expect(await letter(person.page, shopper, 'spoofing')).toBe('open')
    }

    await dan.page.getByTestId('guidance-ask').click()
    const accepted = rule('process-payment-no-audit-log')
    const row = suggestion(dan.page, accepted.id, checkout)
    const title = (await row.getByTestId('suggestion-title').textContent())!
    expect(title).toContain('Checkout')
    await row.getByTestId('suggestion-accept').click()
    await suggestion(dan.page, 'entity-unauthenticated', shopper)
      .getByTestId('suggestion-dismiss')
      .click()
    for (const person of [carol, dan]) {
      await expect
        .poll(() => cardAndRecommendation(person.page, title, accepted.recommendation.text))
        .toEqual({ cards: 1, recommendations: 1 })
      await expect.poll(() => letter(person.page, checkout, 'repudiation')).toBe('considered')
      await expect.poll(() => letter(person.page, shopper, 'spoofing')).toBe('considered')
    }
    // Neither is offered again.
    expect(await suggestion(dan.page, accepted.id, checkout).count()).toBe(0)
    expect(await suggestion(dan.page, 'entity-unauthenticated', shopper).count()).toBe(0)

    // The database's letters sit under its asset pin, neither hidden by it nor drawn over it.
    const pin = await dan.page.evaluate(() => {
      const editor = window.__tbEditor!
      return editor
        .getBindingsToShape('shape:orders' as never, 'tb-anchor')
        .map((b) => b.fromId)
        .find((id) => editor.getShape(id)?.type === 'asset-pin')!
    })
    const pinBox = await new ModelPage(dan.page).screenBounds(pin)
    const letters = (await overlay(dan.page, 'shape:orders').boundingBox())!
    expect(letters.y).toBeGreaterThanOrEqual(pinBox.y + pinBox.h)
    // The accepted card went under Checkout (a flow leaves on its right): below its letters,
    // which are drawn over the shapes and would hide the card's title.
    const cardId = await dan.page.evaluate(
      () => window.__tbEditor!.getCurrentPageShapes().find((s) => s.type === 'threat-card')!.id,
    )
    const cardBox = await new CanvasPage(dan.page).shapeScreenBox(cardId)
    const checkoutLetters = (await overlay(dan.page, checkout).boundingBox())!
    expect(cardBox.y).toBeGreaterThan(checkoutLetters.y)
    expect(intersects(cardBox, checkoutLetters)).toBe(false)

    if (shots) {
      await dan.page.evaluate(() => {
        window.__tbEditor!.selectNone()
      })
      await dan.page.getByTestId('jump-guidance').click()
      await dan.page.screenshot({ path: `${shots}/template-coverage.png` })
    }
  })
})

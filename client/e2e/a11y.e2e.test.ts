import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BoardPage } from './fixtures/BoardPage.ts'
import { E2ESession } from './fixtures/E2ESession.ts'
import { LobbyPage } from './fixtures/LobbyPage.ts'
import { ModelPage } from './fixtures/ModelPage.ts'
import { SecurityPanelPage } from './fixtures/SecurityPanel.ts'

/**
 * axe's violations on the page as it is now, as "rule: target" lines a failure can show. With
 * axe's experimental check that a control's accessible name contains its visible label: a
 * person using voice control says what they see ("click New link").
 */
async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page: page as never })
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .analyze()
  return results.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary}`),
  )
}

/**
 * axe-core over the pages people use: the lobby, an editor's board and an observer's board,
 * each with a realistic model on it (elements, a flow, a threat, an asset, a recommendation,
 * a hint).
 */
describe('accessibility (axe-core)', () => {
  let session: E2ESession
  let owner: BoardPage
  let observer: BoardPage
  let apiId: string

  beforeAll(async () => {
    session = await E2ESession.start()
    owner = await session.owner('Invoicing', 'Ada', { width: 1400, height: 850 })
    observer = await session.invitee(await owner.inviteLink('observer'), 'Sam', {
      width: 1400,
      height: 850,
    })
    await owner.waitForStatus('live')
    await observer.waitForStatus('live')
  })

  afterAll(async () => {
    await session?.dispose()
  })

  it('finds no violation in the lobby', async () => {
    const page = (await session.openPage()).page
    await new LobbyPage(page, session.server.url).open()
    await page.getByTestId('room-title-input').waitFor()
    expect(await violations(page)).toEqual([])
  })

  it('finds no violation on an empty board, with its note on where to start', async () => {
    await owner.page.getByTestId('empty-board').waitFor()
    expect(await violations(owner.page)).toEqual([])
  })

  it('finds no violation in the join dialog of someone who was sent a link', async () => {
    const newcomer = await session.openPage({ width: 1400, height: 850 })
    await newcomer.open(await owner.inviteLink('editor'))
    await newcomer.page.getByTestId('user-name-input').waitFor()
    await newcomer.page.locator('input[name="color"][aria-label$="’s)"]').first().waitFor()
    expect(await violations(newcomer.page)).toEqual([])
    // The board behind is out of reach while the dialog is open: Tab goes round the dialog's
    // own controls (and the browser's), and Escape does not skip choosing a name.
    const page = newcomer.page
    await page.getByTestId('user-name-input').fill('Lin')
    const reached = new Set<string>()
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab')
      reached.add(
        await page.evaluate(() => {
          const el = document.activeElement
          if (!el || el === document.body) return 'the browser'
          return el.closest('dialog') ? 'dialog' : `${el.tagName} ${el.textContent?.slice(0, 30)}`
        }),
      )
    }
    expect([...reached].sort()).toEqual(['dialog', 'the browser'])
    await page.keyboard.press('Escape')
    await page.keyboard.press('Escape')
    expect(await page.getByTestId('user-name-input').isVisible()).toBe(true)
    await page.context().close()
  })

  it('finds no violation on an editor’s board with a model on it', async () => {
    const model = new ModelPage(owner.page)
    const web = await model.addElement('external-entity', 'Customer browser', { x: 380, y: 260 })
    const api = await model.addElement('process', 'Billing API', { x: 700, y: 260 })
    apiId = api
    await model.addFlow(web, api, 'Invoice requests')
    await model.select(api)
    await owner.page.locator('.tl-container').focus()
    for (const key of ['t', 'Enter', 'h']) await owner.page.keyboard.press(key)
    await owner.page.getByTestId('asset-name').fill('Card data')
    await owner.page.getByTestId('asset-add').click()
    await owner.page.getByTestId('rec-text').fill('Sign the invoice requests')
    await owner.page.getByTestId('rec-add').click()
    await owner.page.getByTestId('recommendation').waitFor()
    // The canvas panel's prompts are named as a sentence names the element's kind, without
    // the fold's arrow (its state is aria-expanded's).
    await model.select(web)
    await owner.page
      .getByRole('button', { name: 'STRIDE prompts for an external entity', exact: true })
      .waitFor({ timeout: 5_000 })
    await model.select(api)
    expect(await violations(owner.page)).toEqual([])
    // The same board with a version being named in the panel.
    await owner.page.getByTestId('save-version').click()
    await owner.page.getByTestId('version-name').waitFor()
    expect(await violations(owner.page)).toEqual([])
    await owner.page.getByTestId('version-name').press('Escape')
  })

  it('finds no violation in the owner’s invite menu', async () => {
    await owner.page.getByTestId('invite-button').click()
    await owner.page.getByTestId('reissue-editor').waitFor()
    expect(await violations(owner.page)).toEqual([])
    await owner.page.keyboard.press('Escape')
  })

  it('finds no violation on an observer’s board with a hint marker on it', async () => {
    await observer.page.getByTestId('threat-row').waitFor()
    await new ModelPage(observer.page).click(apiId)
    await new SecurityPanelPage(observer.page).postHintOnSelection('Who can call the Billing API?')
    await observer.page.getByTestId('hint-marker').waitFor()
    expect(await violations(observer.page)).toEqual([])
  })

  it('finds no violation on the same boards in dark mode, whose header and panels turn dark', async () => {
    const background = (page: Page, selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((el) => getComputedStyle(el).backgroundColor)
    /**
     * Mean of the red, green and blue of an `rgb(…)` colour (or a `color(srgb …)` one, 0–1 each):
     * under 80 reads as dark.
     */
    const level = (colour: string) => {
      const [r, g, b] = colour.match(/\d+(\.\d+)?/g)!.map(Number)
      return ((r! + g! + b!) / 3) * (colour.startsWith('color(srgb') ? 255 : 1)
    }
    for (const page of [owner.page, observer.page]) {
      expect(level(await background(page, '.tb-board-header'))).toBeGreaterThan(200)
      // tldraw's own shortcut, pressed on the canvas.
      await page.locator('.tl-container').focus()
      await page.keyboard.press('Control+/')
      await expect
        .poll(() => page.evaluate(() => document.documentElement.dataset.theme))
        .toBe('dark')
      for (const part of ['.tb-board-header', '.tb-side__body', '.tb-panel-nav'])
        expect(level(await background(page, part)), part).toBeLessThan(80)
    }
    await new ModelPage(owner.page).select(apiId)
    expect(level(await background(owner.page, '.tb-cpanel'))).toBeLessThan(80)
    expect(await violations(owner.page)).toEqual([])
    // The coverage letters on the canvas turn dark with it: a letter still to consider reads
    // light on a dark box (it was light on white, unreadable).
    await owner.page.locator('.tl-container').focus()
    await owner.page.keyboard.press('Shift+C')
    const open = owner.page.locator('.tb-coverage-overlay .tb-coverage__letter--open').first()
    await open.waitFor()
    expect(level(await background(owner.page, '.tb-coverage-overlay'))).toBeLessThan(80)
    expect(level(await open.evaluate((el) => getComputedStyle(el).color))).toBeGreaterThan(180)
    expect(await violations(owner.page)).toEqual([])
    await owner.page.keyboard.press('Shift+C')
    expect(await violations(observer.page)).toEqual([])
    // The choice goes with the user: back in the lobby (and after a reload), the page stays dark.
    await observer.page.getByRole('link', { name: /Rooms/ }).click()
    await observer.page.getByTestId('room-title-input').waitFor()
    await observer.page.reload()
    await observer.page.getByTestId('room-title-input').waitFor()
    expect(await observer.page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark')
    for (const part of ['html', '.tb-create', '#room-title'])
      expect(level(await background(observer.page, part)), part).toBeLessThan(80)
    expect(await violations(observer.page)).toEqual([])
    // Back to light for whoever comes next: the choice is kept per browser.
    await owner.page.locator('.tl-container').focus()
    await owner.page.keyboard.press('Control+/')
    await expect
      .poll(() => owner.page.evaluate(() => document.documentElement.dataset.theme ?? 'light'))
      .toBe('light')
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { findTemplate } from '@threatboard/shared'
import type { BoardPage } from './fixtures/BoardPage.ts'
import { E2ESession } from './fixtures/E2ESession.ts'
import { LobbyPage } from './fixtures/LobbyPage.ts'

/** The suggestions each group accepts (rule @ element) and marks as its top three, in order. */
const PICKS: [string, string][][] = [
  [
    ['process-unauthenticated-callers', 'webhook'],
    ['store-sensitive-unencrypted', 'billing-db'],
    ['process-privileged-exposed', 'admin-console'],
  ],
  [
    ['process-payment-no-audit-log', 'billing-api'],
    ['process-outside-input', 'checkout'],
    ['flow-public-cleartext', 'send-invoice'],
  ],
  [
    ['entity-unauthenticated', 'customer'],
    ['log-store-writable', 'audit-log'],
    ['process-unauthenticated-callers', 'webhook'],
  ],
]

/** Per expert threat (element, category): how each group did, once revealed. */
const EXPECTED_FOUND: Record<string, string[]> = {
  'shape:webhook|spoofing': ['top', 'missed', 'top'],
  'shape:billing-api|tampering': ['missed', 'missed', 'missed'],
  'shape:billing-api|repudiation': ['missed', 'top', 'missed'],
  'shape:billing-db|information-disclosure': ['top', 'missed', 'missed'],
  'shape:admin-console|elevation-of-privilege': ['top', 'missed', 'missed'],
  'shape:send-invoice|information-disclosure': ['missed', 'top', 'missed'],
}

const suggestion = (page: Page, ruleId: string, element: string) =>
  page.locator(`[data-testid="suggestion"][data-rule="${ruleId}"][data-element="shape:${element}"]`)

/** The comparison's columns: each group's top threats as shown. */
const columns = (page: Page) =>
  page
    .getByTestId('training-group')
    .evaluateAll((cols) =>
      cols.map((c) =>
        [...c.querySelectorAll('[data-testid="training-top-threat"]')].map((li) =>
          (li.textContent ?? '').trim(),
        ),
      ),
    )

/**
 * Issue 14, must-show 3: a facilitator creates a training from the billing template for three
 * groups; each group (its own browser) accepts three suggestions as threats and marks them as
 * its top three; the facilitator's comparison lists them side by side and, after the reveal,
 * which expert threats each group found. Tests run in order.
 */
describe('training mode', () => {
  let session: E2ESession
  let facilitator: BoardPage
  let groups: BoardPage[] = []
  let trainingUrl = ''
  const titles: string[][] = [[], [], []]
  const shots = process.env.SCREENSHOT_DIR
  const viewport = { width: 1300, height: 900 }

  beforeAll(async () => {
    session = await E2ESession.start()
    facilitator = await session.openPage(viewport)
  })
  afterAll(() => session?.dispose())

  it('a room created from a template in the lobby opens with its diagram', async () => {
    const owner = await session.openPage(viewport)
    await new LobbyPage(owner.page, session.server.url).open()
    await owner.page.getByTestId('room-title-input').fill('Checkout review')
    await owner.page.getByTestId('room-template-select').selectOption('payment-flow')
    expect(await owner.page.getByTestId('room-template-summary').textContent()).toContain(
      'payment provider',
    )
    await owner.page.getByTestId('create-room-button').click()
    await owner.page.waitForURL(/\/r\/[A-Za-z0-9_-]{22}$/)
    await owner.join('Pat')
    const names = () =>
      owner.page.evaluate(() =>
        window
          .__tbEditor!.getCurrentPageShapes()
          .filter((s) => s.type === 'dfd-node')
          .map((s) => (s.props as { name: string }).name)
          .sort(),
      )
    const expected = findTemplate('payment-flow')!.nodes.map((n) => n.name)
    await expect.poll(names).toEqual([...expected].sort())
  })

  it('the facilitator creates a training for three groups from the billing template', async () => {
    await new LobbyPage(facilitator.page, session.server.url).open()
    // Without a name it says so beside the field, with the focus there, and creates nothing.
    await facilitator.page.getByTestId('create-training-button').click()
    const title = facilitator.page.getByTestId('training-title-input')
    await expect
      .poll(() => facilitator.page.getByTestId('create-training-error').textContent())
      .toBe('Name the training first: the groups and the comparison page are headed with it.')
    expect(await title.getAttribute('aria-invalid')).toBe('true')
    expect(await title.evaluate((el) => el === document.activeElement)).toBe(true)
    expect(new URL(facilitator.page.url()).pathname).toBe('/')
    await facilitator.page.getByTestId('training-title-input').fill('Billing class')
    await facilitator.page.getByTestId('training-template-select').selectOption('billing-training')
    await facilitator.page.getByTestId('training-groups-input').fill('3')
    await facilitator.page.getByTestId('create-training-button').click()
    await facilitator.page.waitForURL(/\/training\/[A-Za-z0-9_-]{22}$/)
    trainingUrl = facilitator.page.url()
    await expect.poll(() => facilitator.page.getByTestId('training-group').count()).toBe(3)
    // The comparison is headed with the training's name.
    expect(await facilitator.page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Billing class',
    )
    expect(await facilitator.page.getByTestId('training-reveal').isVisible()).toBe(true)
    expect(await facilitator.page.getByTestId('training-expert').count()).toBe(0)
    // The lobby leads back to it.
    await new LobbyPage(facilitator.page, session.server.url).open()
    await facilitator.page.getByTestId('training-list').getByText('Billing class').click()
    await facilitator.page.waitForURL(trainingUrl)
    await expect.poll(() => facilitator.page.getByTestId('training-group').count()).toBe(3)
    // So does the facilitator's board, opened from it.
    await facilitator.page.getByTestId('facilitator-board-link').click()
    await facilitator.join('Fran')
    const back = facilitator.page.getByTestId('training-link')
    expect(await back.textContent()).toBe(
      'Training · Billing class: the facilitator’s board. Compare the groups’ top threats.',
    )
    await back.getByRole('link').click()
    await facilitator.page.waitForURL(trainingUrl)
    await expect.poll(() => facilitator.page.getByTestId('training-group').count()).toBe(3)
  })

  it('each group opens its room, accepts three suggestions and marks them as its top three', async () => {
    const links = await facilitator.page
      .getByTestId('training-group-link')
      .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-url')!))
    expect(links).toHaveLength(3)
    groups = []
    for (const [i, link] of links.entries()) {
      groups.push(await session.invitee(link, `Group ${i + 1} lead`, viewport))
    }
    for (const [i, group] of groups.entries()) {
      const page = group.page
      await group.waitForStatus('live')
      await page.getByTestId('guidance-ask').click()
      for (const [rule, element] of PICKS[i]!) {
        const row = suggestion(page, rule, element)
        titles[i]!.push((await row.getByTestId('suggestion-title').textContent())!)
        await row.getByTestId('suggestion-accept').click()
      }
      for (const title of titles[i]!) {
        const row = page.getByTestId('threat-row').filter({ hasText: title })
        await row.getByTestId('top-threat-toggle').click()
        await expect
          .poll(() => row.getByTestId('top-threat-toggle').getAttribute('aria-pressed'))
          .toBe('true')
      }
    }
    // A fourth threat cannot join group 1's top three.
    const g1 = groups[0]!.page
    const extra = suggestion(g1, 'process-no-rate-limit', 'checkout')
    const extraTitle = (await extra.getByTestId('suggestion-title').textContent())!
    await extra.getByTestId('suggestion-accept').click()
    const fourth = g1.getByTestId('threat-row').filter({ hasText: extraTitle })
    await expect.poll(() => fourth.getByTestId('top-threat-toggle').isDisabled()).toBe(true)
    if (shots) {
      await g1.getByTestId('jump-threats').click()
      await g1.screenshot({ path: `${shots}/training-group-board.png` })
    }
  })

  it('the comparison lists each group’s top three side by side, without the expert threats for groups', async () => {
    await expect
      .poll(() => columns(facilitator.page), { timeout: 20_000 })
      .toEqual(titles.map((ts) => ts.map((t) => expect.stringContaining(t))))
    // A group asking the server for the comparison before the reveal gets no expert threats.
    const id = trainingUrl.split('/').pop()!
    const groupView = await groups[1]!.page.evaluate(async (id) => {
      const roomId = location.pathname.split('/').pop()!
      const { token } = JSON.parse(localStorage.getItem(`threatboard.room.${roomId}`)!)
      const res = await fetch(`/api/trainings/${id}`, {
        headers: { authorization: `Bearer ${token}` },
      })
      return { status: res.status, body: await res.json() }
    }, id)
    expect(groupView.status).toBe(200)
    expect(groupView.body.experts).toBeUndefined()
    expect(groupView.body.groups[1].top).toHaveLength(3)
    if (shots) await facilitator.page.screenshot({ path: `${shots}/training-before-reveal.png` })
  })

  it('after the reveal, the view shows which expert threats each group found', async () => {
    await facilitator.page.getByTestId('training-reveal').click()
    await expect.poll(() => facilitator.page.getByTestId('training-expert').count()).toBe(6)
    const found = await facilitator.page
      .getByTestId('training-expert')
      .evaluateAll((rows) =>
        rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.getAttribute('data-found'))),
      )
    const billing = findTemplate('billing-training')!
    expect(found).toEqual(
      billing.experts!.map((e) => EXPECTED_FOUND[`shape:${e.element}|${e.category}`]),
    )
    expect(await facilitator.page.getByTestId('training-reveal').count()).toBe(0)

    // On a phone the groups scroll sideways past the threats, which keep room to be read.
    await facilitator.page.setViewportSize({ width: 390, height: 844 })
    const scroller = facilitator.page.getByTestId('training-expert-scroll')
    const threat = facilitator.page.getByTestId('training-expert').first().locator('th')
    const place = async () => {
      const [box, cell] = [(await scroller.boundingBox())!, (await threat.boundingBox())!]
      return { left: Math.round(cell.x - box.x), width: cell.width }
    }
    expect((await place()).width).toBeGreaterThanOrEqual(180)
    await scroller.evaluate((el) => (el.scrollLeft = el.scrollWidth))
    expect(await scroller.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0)
    expect((await place()).left).toBe(0)
    expect(
      await facilitator.page.evaluate(() => document.documentElement.scrollWidth),
    ).toBeLessThanOrEqual(390)
    // Scrolled down to the last threat, the groups' names are still in sight above it.
    await facilitator.page.evaluate(() => {
      const page = document.querySelector('.tb-training')!
      page.scrollTop = page.scrollHeight
    })
    await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight))
    const header = facilitator.page.getByTestId('training-expert-table').locator('thead th').last()
    const last = facilitator.page.getByTestId('training-expert').last()
    const [name, row] = [(await header.boundingBox())!, (await last.boundingBox())!]
    expect(name.y).toBeGreaterThanOrEqual(0)
    expect(row.y).toBeGreaterThanOrEqual(name.y + name.height - 1)
    expect(row.y + row.height).toBeLessThanOrEqual(844)
    await facilitator.page.setViewportSize(viewport)
    if (shots) {
      await facilitator.page.setViewportSize({ width: 1300, height: 1150 })
      await facilitator.page.screenshot({ path: `${shots}/training-revealed.png` })
    }
  })

  it('a group follows the link on its board to the comparison, and sees the revealed experts', async () => {
    const g2 = groups[1]!.page
    await g2.getByTestId('jump-threats').click()
    await g2.getByTestId('training-link').getByRole('link').click()
    await g2.waitForURL(/\/training\/[A-Za-z0-9_-]{22}\?group=/)
    await expect.poll(() => g2.getByTestId('training-expert').count()).toBe(6)
    expect(await g2.getByTestId('training-reveal').count()).toBe(0)
    expect(await columns(g2)).toEqual(await columns(facilitator.page))
    // Its own column says so, and a link leads back to its board.
    const room = new URL(g2.url()).searchParams.get('group')!
    const yours = g2
      .getByTestId('training-group')
      .filter({ has: g2.getByTestId('training-your-group') })
    expect(await yours.getAttribute('data-room-id')).toBe(room)
    expect(await yours.locator('h3').textContent()).toBe('Group 2 · your group')
    expect(await facilitator.page.getByTestId('training-your-group').count()).toBe(0)
    await g2.getByTestId('group-board-link').click()
    await g2.waitForURL((url) => url.pathname === `/r/${room}`)
    await g2.getByTestId('room-title').waitFor()
    expect(await g2.getByTestId('room-title').textContent()).toMatch(/Group 2$/)
    expect(session.log.errors).toEqual([])
  })

  it('deleting the facilitator’s room ends the training: said before, gone from the lobby, not found after', async () => {
    const page = facilitator.page
    const trainingId = trainingUrl.split('/').pop()!
    // Before: someone with no invite for it is told so.
    const stranger = await session.openPage(viewport)
    await stranger.page.goto(trainingUrl)
    await expect
      .poll(() => stranger.page.getByTestId('training-no-access').textContent())
      .toContain('This browser has no invite for this training.')
    expect(await stranger.page.title()).toBe('Training · Threatboard')
    await new LobbyPage(page, session.server.url).open()
    const room = page.locator(`[data-testid="room-list-item"][data-room-id="${trainingId}"]`)
    await room.getByRole('button', { name: /^Delete / }).click()
    const dialog = page.getByTestId('confirm-dialog')
    expect(await dialog.textContent()).toContain(
      'The training “Billing class” is run from it: its comparison page goes too (the groups’ rooms stay).',
    )
    await page.getByTestId('confirm-ok').click()
    await expect.poll(() => room.count()).toBe(0)
    // The lobby no longer leads to the comparison; the groups' rooms are still there.
    expect(await page.getByTestId('training-list').count()).toBe(0)
    // Its address, kept or shared, says the training is gone, for the facilitator and a group.
    await page.goto(trainingUrl)
    await expect
      .poll(() => page.getByTestId('not-found').textContent())
      .toContain('This training does not exist, or its facilitator deleted it.')
    const g1 = groups[0]!.page
    const group = new URL(g1.url()).pathname.split('/').pop()!
    await g1.goto(`${trainingUrl}?group=${group}`)
    await expect
      .poll(() => g1.getByTestId('not-found').textContent())
      .toContain('This training does not exist, or its facilitator deleted it.')
    await g1.goto(`${session.server.url}/r/${group}`)
    await g1.getByTestId('room-title').waitFor()
    expect(session.log.errors).toEqual([])
  })
})

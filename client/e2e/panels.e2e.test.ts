import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BoardPage } from './fixtures/BoardPage.ts'
import { E2ESession } from './fixtures/E2ESession.ts'
import { ModelPage } from './fixtures/ModelPage.ts'

/**
 * The side panel's former dead ends, with an owner, an editor and an observer in three
 * browsers: session fields, ticket keys and their link pattern, field-level errors, likelihood
 * and impact, free-text roles, live versions, the owner's room controls.
 */
describe('the side panel without dead ends', () => {
  let session: E2ESession
  let owner: BoardPage
  let editor: BoardPage
  let observer: BoardPage
  let om: ModelPage
  let em: ModelPage
  let threatId: string
  const viewport = { width: 1400, height: 900 }
  const template = 'https://tracker.example/browse/{key}'

  beforeAll(async () => {
    session = await E2ESession.start()
    owner = await session.owner('Billing', 'Olga', viewport)
    editor = await session.invitee(await owner.inviteLink('editor'), 'Eddie', viewport)
    observer = await session.invitee(await owner.inviteLink('observer'), 'Sam', viewport)
    for (const p of [owner, editor, observer]) await p.waitForStatus('live')
    om = new ModelPage(owner.page)
    em = new ModelPage(editor.page)
  })

  afterAll(async () => {
    await session?.dispose()
  })

  it('edits the session’s phase, description, people, new data and link pattern for everyone', async () => {
    await owner.page.getByText('About this change').click()
    await owner.page.getByTestId('session-phase').selectOption('training')
    await om.typeField('session-description', 'Customers pay invoices by card')
    await om.typeField('session-peopleAffected', 'Customers, the billing team')
    await om.typeField('session-newData', 'Card tokens')
    await om.typeField('session-ticketUrlTemplate', template)
    await om.typeField('session-ticket', 'SEC-12')
    const field = (id: string) => editor.page.getByTestId(id).inputValue()
    await expect.poll(() => field('session-phase')).toBe('training')
    await expect.poll(() => field('session-description')).toBe('Customers pay invoices by card')
    await expect.poll(() => field('session-peopleAffected')).toBe('Customers, the billing team')
    await expect.poll(() => field('session-newData')).toBe('Card tokens')
    await expect.poll(() => field('session-ticketUrlTemplate')).toBe(template)
    await expect
      .poll(() => editor.page.getByTestId('session-ticket-link').getAttribute('href'))
      .toBe('https://tracker.example/browse/SEC-12')
  })

  it('says what is wrong next to the field, keeps the draft, and saves nothing', async () => {
    await om.typeField('session-ticketUrlTemplate', 'https://tracker.example/browse/')
    const error = owner.page.getByTestId('session-ticketUrlTemplate-error')
    expect(await error.textContent()).toContain('{key}')
    expect(await owner.page.getByTestId('session-ticketUrlTemplate').inputValue()).toBe(
      'https://tracker.example/browse/',
    )
    expect(await owner.page.getByTestId('session-error').count()).toBe(0)
    // The room keeps the good pattern.
    expect(await editor.page.getByTestId('session-ticketUrlTemplate').inputValue()).toBe(template)
    await om.typeField('session-ticketUrlTemplate', template)
    expect(await error.count()).toBe(0)
  })

  it('keeps a participant’s role as typed', async () => {
    await om.typeField('session-participants', 'Olga, facilitator\nPriya, Billing on-call')
    await expect
      .poll(() => editor.page.getByTestId('session-participants').inputValue())
      .toBe('Olga, facilitator\nPriya, Billing on-call')
  })

  it('keeps both texts when two people type in the same field at once', async () => {
    await editor.page.getByText('About this change').click()
    const mine = owner.page.getByTestId('session-description')
    const theirs = editor.page.getByTestId('session-description')
    await expect.poll(() => theirs.inputValue()).toBe('Customers pay invoices by card')
    // Olga starts adding to the end; before she leaves the field, Eddie edits the start.
    await mine.click()
    await mine.press('End')
    await mine.pressSequentially(' or bank transfer')
    await theirs.click()
    await theirs.press('Home')
    await theirs.pressSequentially('Returning ')
    await theirs.press('Tab')
    // Olga keeps her draft and is told that the text changed under her.
    await owner.page.getByTestId('session-description-changed').waitFor()
    expect(await mine.inputValue()).toBe('Customers pay invoices by card or bank transfer')
    await mine.press('Tab')
    const both = 'Returning Customers pay invoices by card or bank transfer'
    for (const p of [owner, editor, observer])
      await expect.poll(() => p.page.getByTestId('session-description').inputValue()).toBe(both)
    expect(await owner.page.getByTestId('session-description-changed').count()).toBe(0)
  })

  it('ticks Prioritise once the Medium threat has a likelihood and an impact', async () => {
    const api = await om.addElement('process', 'Billing API', { x: 420, y: 300 })
    await om.addElement('data-store', 'Invoices DB', { x: 760, y: 300 })
    threatId = await om.addThreat(api)
    await expect.poll(() => em.steps()).toContain('○ Prioritise')
    const row = editor.page.locator(`[data-threat-id="${threatId}"]`)
    await row.getByTestId('threat-likelihood').selectOption('high')
    await row.getByTestId('threat-impact').selectOption('medium')
    await expect.poll(() => om.steps()).toContain('✓ Prioritise')
    expect(await row.getByTestId('threat-likelihood').getAttribute('aria-label')).toBe(
      'Likelihood of “Spoofing on Billing API”',
    )
  })

  it('offers the severity that likelihood × impact gives, and sets it for everyone', async () => {
    const row = editor.page.locator(`[data-threat-id="${threatId}"]`)
    const hint = row.getByTestId('severity-from-risk')
    await expect
      .poll(() => hint.textContent())
      .toBe('High likelihood × medium impact gives High severity Use it')
    // An observer reads it, and has nothing to press.
    const seen = observer.page.locator(`[data-threat-id="${threatId}"]`)
    await expect.poll(() => seen.getByTestId('severity-from-risk').count()).toBe(1)
    expect(await seen.getByRole('button', { name: /Use it/ }).count()).toBe(0)
    await row.getByRole('button', { name: /Use it/ }).click()
    const ownerRow = owner.page.locator(`[data-threat-id="${threatId}"]`)
    await expect.poll(() => ownerRow.getByTestId('threat-severity').inputValue()).toBe('high')
    await expect.poll(() => hint.count()).toBe(0)
  })

  it('takes a ticket key on a recommendation and links it through the room’s pattern', async () => {
    await editor.page.getByTestId('rec-text').fill('Tokenise card numbers')
    await editor.page.getByTestId('rec-add').click()
    const rec = editor.page.getByTestId('recommendation')
    await rec.getByTestId('rec-details').click()
    await em.typeField('rec-ticket', 'not a ticket')
    expect(await editor.page.getByTestId('rec-ticket-error').textContent()).toContain('BILL-104')
    expect(await editor.page.getByTestId('model-error').count()).toBe(0)
    await em.typeField('rec-ticket', 'BILL-104')
    expect(await editor.page.getByTestId('rec-ticket-error').count()).toBe(0)
    await expect
      .poll(() => observer.page.getByTestId('rec-ticket-link').getAttribute('href'))
      .toBe('https://tracker.example/browse/BILL-104')
    expect(await observer.page.getByTestId('rec-ticket-link').textContent()).toBe('BILL-104')
    // SCREENSHOT_DIR=… keeps what the panel looks like, for reviews.
    const dir = process.env.SCREENSHOT_DIR
    if (dir) {
      await editor.page.getByTestId('threat-row').scrollIntoViewIfNeeded()
      await editor.page.screenshot({ path: `${dir}/panel-threats.png` })
      await owner.page.getByTestId('session-panel').scrollIntoViewIfNeeded()
      await owner.page.screenshot({ path: `${dir}/panel-session.png` })
    }
  })

  it('offers the report layout that fits the session’s size', async () => {
    expect(await observer.page.getByTestId('report-layout').inputValue()).toBe('summary')
    await owner.page.getByTestId('session-size').selectOption('small')
    await expect.poll(() => observer.page.getByTestId('report-layout').inputValue()).toBe('ticket')
  })

  it('lists a version saved by the owner for the others without a reload; only the owner may restore', async () => {
    // The list is not asked for on a timer: nothing in 10 s while nobody saves…
    const asked: string[] = []
    editor.page.on('request', (r) => {
      if (r.method() === 'GET' && /\/versions$/.test(r.url())) asked.push(r.url())
    })
    await editor.page.waitForTimeout(10_000)
    expect(asked).toEqual([])
    // The name is asked for in the panel, with a suggestion to type over; Escape leaves it.
    await owner.page.getByTestId('save-version').click()
    const name = owner.page.getByTestId('version-name')
    expect(await name.inputValue()).toMatch(/^End of session, \S.*\d/)
    expect(await owner.page.evaluate(() => document.activeElement?.id)).toBe('version-name')
    await name.fill(' ')
    expect(await owner.page.getByTestId('version-save').isDisabled()).toBe(true)
    await name.press('Escape')
    expect(await name.count()).toBe(0)
    // The keyboard is back on the button that asked, not on the page.
    const focused = () =>
      owner.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))
    await expect.poll(focused).toBe('save-version')
    expect(asked).toEqual([])
    // …and once, at once, when someone saves one (from the keyboard: the button has it again).
    await owner.page.keyboard.press('Enter')
    await name.fill('End of session')
    await owner.page.getByTestId('version-save').focus()
    await owner.page.keyboard.press('Enter')
    await expect.poll(() => name.count()).toBe(0)
    await expect.poll(focused).toBe('save-version')
    await expect
      .poll(() => observer.page.getByTestId('open-version').allTextContents(), { timeout: 3_000 })
      .toEqual(['v1 · End of session'])
    await expect
      .poll(() => editor.page.getByTestId('open-version').allTextContents(), { timeout: 3_000 })
      .toEqual(['v1 · End of session'])
    expect(asked).toHaveLength(1)
    expect(await editor.page.getByTestId('restore-version').count()).toBe(0)
    expect(await observer.page.getByTestId('restore-version').count()).toBe(0)
    const dialog = owner.page.locator('dialog[open]')
    expect(await dialog.count()).toBe(0)
    await owner.page.getByTestId('restore-version').click()
    await expect.poll(() => dialog.count()).toBe(1)
    expect(await dialog.textContent()).toContain('End of session')
    await dialog.getByTestId('confirm-cancel').click()
    await expect.poll(() => dialog.count()).toBe(0)
  })

  it('says whose link “Copy” copies', async () => {
    expect(await editor.page.getByTestId('copy-link').textContent()).toBe('Copy editor link')
    await owner.page.getByTestId('invite-button').click()
    expect(await owner.page.getByTestId('copy-invite-observer').textContent()).toBe(
      'Copy observer link',
    )
  })

  it('lets the owner rename the room and re-issue or revoke a role’s link', async () => {
    await owner.page.getByTestId('rename-input').fill('Billing v2')
    await owner.page.getByTestId('rename-save').click()
    await expect.poll(() => owner.page.getByTestId('room-title').textContent()).toBe('Billing v2')
    // Everyone in the room sees the new name at once, in the header and the browser's tab.
    for (const person of [editor, observer]) {
      await expect
        .poll(() => person.page.getByTestId('room-title').textContent())
        .toBe('Billing v2')
      expect(await person.page.title()).toBe('Billing v2 · Threatboard')
    }

    const oldViewer = await owner.page.getByTestId('copy-invite-viewer').getAttribute('data-url')
    await owner.page.getByTestId('reissue-viewer').click()
    await owner.page.locator('dialog[open]').getByTestId('confirm-ok').click()
    await expect
      .poll(() => owner.page.getByTestId('copy-invite-viewer').getAttribute('data-url'))
      .not.toBe(oldViewer)

    await owner.page.getByTestId('revoke-observer').click()
    await owner.page.locator('dialog[open]').getByTestId('confirm-ok').click()
    await expect.poll(() => owner.page.getByTestId('no-invite-observer').count()).toBe(1)
    // Its Revoke gone, the keyboard is on the row's New link, not back at the page's top.
    const focused = () =>
      owner.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))
    await expect.poll(focused).toBe('reissue-observer')
    if (process.env.SCREENSHOT_DIR) {
      await owner.page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/share-panel.png` })
    }
    // The observer, who joined with that link, is cut off.
    await expect
      .poll(() => observer.page.getByTestId('connection-status').getAttribute('data-status'))
      .not.toBe('live')
    // Told so in the board's place; no panel of an emptied model, no copy of a dead link.
    const fatal = observer.page.getByTestId('fatal')
    await expect.poll(() => fatal.textContent()).toContain('revoked')
    // What can help: a new link from the owner, and the way back; reloading would not.
    expect(await fatal.textContent()).toContain('Ask them for a new link')
    expect(await fatal.getByRole('link', { name: 'Back to the rooms' }).count()).toBe(1)
    expect(await fatal.getByRole('button', { name: 'Reload' }).count()).toBe(0)
    expect(await observer.page.getByTestId('side-panel').count()).toBe(0)
    expect(await observer.page.getByTestId('copy-link').count()).toBe(0)
    // Escape closes the owner's menu and gives the keyboard back to the button that opened it.
    await owner.page.getByTestId('rename-input').focus()
    await owner.page.keyboard.press('Escape')
    await expect.poll(() => owner.page.getByTestId('invite-observer').count()).toBe(0)
    expect(await focused()).toBe('invite-button')
  })

  it('raised no uncaught error', () => {
    // The observer's socket closed on purpose (revoked): its close is not an error.
    expect(session.log.errors.filter((e) => !/4409|revoked/i.test(e))).toEqual([])
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BoardPage } from './fixtures/BoardPage.ts'
import { E2ESession } from './fixtures/E2ESession.ts'
import { CanvasPage } from './fixtures/CanvasPage.ts'
import { detailsOpen, ModelPage, openDetails } from './fixtures/ModelPage.ts'

/**
 * The board without a mouse: the skip links come first, and a threat is added to the selected
 * element and rated in a handful of key presses.
 */
describe('the board from the keyboard', () => {
  let session: E2ESession
  let owner: BoardPage
  let model: ModelPage
  let processId: string

  beforeAll(async () => {
    session = await E2ESession.start()
    owner = await session.owner('Payments', 'Kim', { width: 1400, height: 850 })
    await owner.waitForStatus('live')
    model = new ModelPage(owner.page)
  })

  afterAll(async () => {
    await session?.dispose()
  })

  it('reaches a visible skip link with the first Tab, and it moves focus to the board', async () => {
    await owner.page.reload()
    await owner.waitForEditor()
    await owner.page.locator('body').focus()
    await owner.page.keyboard.press('Tab')
    const first = owner.page.locator(':focus')
    expect(await first.getAttribute('data-testid')).toBe('skip-to-board')
    const box = await first.boundingBox()
    expect(box!.width).toBeGreaterThan(40)
    expect(box!.height).toBeGreaterThan(16)
    await owner.page.keyboard.press('Enter')
    expect(
      await owner.page.evaluate(() => document.activeElement?.classList.contains('tl-container')),
    ).toBe(true)
  })

  it('adds a threat to the selected element and sets its severity in under ten key presses', async () => {
    processId = await model.addElement('process', 'Payment API', { x: 500, y: 300 })
    await model.select(processId)
    await owner.page.locator('.tl-container').focus()
    const pressed: string[] = []
    const press = async (key: string) => {
      pressed.push(key)
      await owner.page.keyboard.press(key)
    }
    const focused = () =>
      owner.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))
    // The canvas palette's buttons are named as a screen reader says them.
    for (const name of ['Add a Spoofing card', 'Add an Information disclosure card']) {
      expect(await owner.page.getByRole('button', { name, exact: true }).count()).toBe(1)
    }
    await press('t')
    expect(await focused()).toBe('add-threat-category')
    await press('Enter')
    // The new threat's severity takes the focus once its row is there.
    await expect.poll(focused).toBe('threat-severity')
    await press('h')
    expect(pressed.length).toBeLessThan(10)
    const row = owner.page.getByTestId('threat-row')
    await expect.poll(() => row.count()).toBe(1)
    const severity = row.getByTestId('threat-severity')
    expect(await severity.inputValue()).toBe('high')
    // Its name says which threat it rates; the card on the board shows the new severity.
    expect(await severity.getAttribute('aria-label')).toBe('Severity of “Spoofing on Payment API”')
    await expect.poll(() => model.cardSeverities()).toEqual([expect.stringMatching(/high/i)])
    // Undo in the panel takes back the severity first; then the threat, with its card (no card
    // is left for a threat that is gone); redo puts both back, and the severity.
    await owner.page.keyboard.press('ControlOrMeta+z')
    await expect.poll(() => severity.inputValue()).toBe('medium')
    expect(await model.cardSeverities()).toEqual([expect.stringMatching(/medium/i)])
    await owner.page.getByRole('button', { name: 'Undo model edit' }).click()
    await expect.poll(() => row.count()).toBe(0)
    const cards = () =>
      owner.page.evaluate(
        () =>
          window.__tbEditor!.getCurrentPageShapes().filter((s) => s.type === 'threat-card').length,
      )
    await expect.poll(cards).toBe(0)
    // Nothing left to undo: the keyboard goes to Redo, not to the page; Enter redoes, and once
    // nothing is left to redo it is back on Undo.
    const onButton = () => owner.page.evaluate(() => document.activeElement?.textContent)
    await expect.poll(onButton).toBe('Redo model edit')
    await owner.page.keyboard.press('Enter')
    await expect.poll(() => row.count()).toBe(1)
    await owner.page.keyboard.press('Enter')
    await expect.poll(() => severity.inputValue()).toBe('high')
    await expect.poll(onButton).toBe('Undo model edit')
    await expect.poll(() => model.cardSeverities()).toEqual([expect.stringMatching(/high/i)])
    // The threat is on the selected element.
    const targets = await owner.page.evaluate(() =>
      window
        .__tbEditor!.getCurrentPageShapes()
        .filter((s) => s.type === 'threat-card')
        .map((s) => window.__tbEditor!.getBindingsFromShape(s.id, 'tb-anchor')[0]?.toId),
    )
    expect(targets).toEqual([processId])
  })

  it('gives the keyboard back to the board when Escape leaves the threat picker', async () => {
    await model.select(processId)
    await owner.page.locator('.tl-container').focus()
    const picker = owner.page.getByTestId('add-threat-category')
    const before = await picker.inputValue()
    await owner.page.keyboard.press('t')
    await expect.poll(() => picker.evaluate((el) => el === document.activeElement)).toBe(true)
    await owner.page.keyboard.press('Escape')
    expect(
      await owner.page.evaluate(() => document.activeElement?.classList.contains('tl-container')),
    ).toBe(true)
    // The next letter is a board shortcut again, not a jump in the picker's list.
    await owner.page.keyboard.press('u')
    expect(await owner.page.evaluate(() => window.__tbEditor!.getCurrentToolId())).toBe(
      'dfd-external-entity',
    )
    expect(await picker.inputValue()).toBe(before)
    await owner.page.keyboard.press('Escape')
  })

  it('keeps the keyboard on the board after a name is edited in place', async () => {
    await model.select(processId)
    await owner.page.locator('.tl-container').focus()
    const field = owner.page.locator('input.tb-inplace')
    // Enter edits the name, Enter commits; Enter again edits it again, Escape keeps it.
    await owner.page.keyboard.press('Enter')
    await field.fill('Payments API')
    await owner.page.keyboard.press('Enter')
    await field.waitFor({ state: 'detached' })
    await owner.page.keyboard.press('Enter')
    await field.waitFor()
    await owner.page.keyboard.press('Escape')
    await field.waitFor({ state: 'detached' })
    expect(
      await owner.page.evaluate(() => document.activeElement?.classList.contains('tl-container')),
    ).toBe(true)
    // The next key is a board shortcut: Ctrl+Z takes the rename back.
    await owner.page.keyboard.press('Control+z')
    await expect.poll(() => new CanvasPage(owner.page).drawnNames()).toContain('Payment API')
  })

  it('lists the board’s own shortcuts in tldraw’s keyboard shortcuts dialog', async () => {
    await owner.page.locator('.tl-container').focus()
    await owner.page.keyboard.press('Escape')
    await owner.page.keyboard.press('Control+Alt+/')
    const dialog = owner.page.locator('.tlui-dialog__content')
    await dialog.waitFor()
    const text = (await dialog.innerText()).replace(/\s+/g, ' ')
    for (const shortcut of [
      'External entity U',
      'Process P',
      'Data store S',
      'Trust boundary ⇧ + B',
      'Threat on the selected element T',
      'Coverage overlay ⇧ + C',
      'Side panel sections Alt + 1–8',
    ]) {
      expect(text).toContain(shortcut)
    }
    await owner.page.keyboard.press('Escape')
  })

  it('saves a threat’s title on Enter and leaves the keyboard in the field', async () => {
    const row = owner.page.getByTestId('threat-row').first()
    await openDetails(row)
    const title = row.getByTestId('threat-title')
    await title.fill('Forged caller on Payment API')
    await title.press('Enter')
    await expect
      .poll(() => new CanvasPage(owner.page).cardTitles())
      .toContain('Forged caller on Payment API')
    expect(
      await owner.page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
    ).toBe('threat-title')
    // Typing on goes on in the field, and Enter saves again.
    await owner.page.keyboard.press('End')
    await owner.page.keyboard.type(' (replayed token)')
    await owner.page.keyboard.press('Enter')
    await expect
      .poll(() => new CanvasPage(owner.page).cardTitles())
      .toContain('Forged caller on Payment API (replayed token)')
    await openDetails(row)
  })

  it('leaves the keyboard in an add form’s field after its button adds, ready for the next', async () => {
    const focused = () =>
      owner.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))
    for (const [field, button, text] of [
      ['rec-text', 'rec-add', 'Sign every payment request'],
      ['asset-name', 'asset-add', 'Card data'],
    ] as const) {
      await owner.page.getByTestId(field).fill(text)
      await owner.page.getByTestId(button).focus()
      await owner.page.keyboard.press('Enter')
      // The button is disabled with the field emptied; the field has the keyboard, not the page.
      await expect.poll(() => owner.page.getByTestId(field).inputValue()).toBe('')
      expect(await focused()).toBe(field)
    }
    expect(await model.recommendations()).toEqual([
      expect.stringContaining('Sign every payment request'),
    ])
  })

  it('keeps the keyboard in the threat list when a threat is deleted from it', async () => {
    await model.addThreat(processId)
    const rows = owner.page.getByTestId('threat-row')
    await expect.poll(() => rows.count()).toBe(2)
    const second = await rows.nth(1).getAttribute('data-threat-id')
    const focused = () =>
      owner.page.evaluate(() => ({
        testId: document.activeElement?.getAttribute('data-testid'),
        threat: document.activeElement?.closest('[data-threat-id]')?.getAttribute('data-threat-id'),
        id: document.activeElement?.id,
      }))
    const deleteFocused = async () => {
      await owner.page.keyboard.press('Enter')
      await owner.page.getByTestId('confirm-ok').waitFor()
      // The dialog starts on Cancel; its first button deletes.
      await owner.page.keyboard.press('Shift+Tab')
      await owner.page.keyboard.press('Enter')
    }
    // The first threat's details opened and its Delete reached from the keyboard (they stay
    // open from the test above, as a row's details stay as they were left).
    await rows.first().getByTestId('threat-details').focus()
    if (!(await detailsOpen(rows.first()))) await owner.page.keyboard.press('Enter')
    expect(await detailsOpen(rows.first())).toBe(true)
    await rows.first().getByTestId('threat-delete').focus()
    await deleteFocused()
    // The focus is on the threat now first, not on the page: Enter opens its details.
    await expect.poll(() => rows.count()).toBe(1)
    await expect.poll(focused).toEqual({ testId: 'threat-details', threat: second, id: '' })
    await owner.page.keyboard.press('Enter')
    await rows.first().getByTestId('threat-delete').focus()
    await deleteFocused()
    // The last one gone, the list's heading has it.
    await expect.poll(() => rows.count()).toBe(0)
    await expect
      .poll(focused)
      .toEqual({ testId: null, threat: undefined, id: 'tb-section-threats' })
    // Keys pressed there stay in the panel: Delete once too often does not delete what is
    // selected on the board, and a letter picks no tool.
    const board = () =>
      owner.page.evaluate(() => ({
        shapes: window.__tbEditor!.getCurrentPageShapes().length,
        tool: window.__tbEditor!.getCurrentToolId(),
      }))
    await owner.page.evaluate(() => {
      const editor = window.__tbEditor!
      editor.select(editor.getCurrentPageShapes().find((s) => s.type === 'dfd-node')!.id)
    })
    const before = await board()
    await owner.page.keyboard.press('Delete')
    await owner.page.keyboard.press('r')
    expect(await board()).toEqual(before)
    expect(before.tool).toBe('select')
    // Nor on the header's buttons, or the panel's own toggle.
    for (const control of [
      owner.page.getByRole('button', { name: 'Invite…' }),
      owner.page.getByTestId('side-panel-toggle'),
    ]) {
      await control.focus()
      await owner.page.keyboard.press('Delete')
      await owner.page.keyboard.press('r')
      expect(await board()).toEqual(before)
    }
  })

  it('raised no uncaught error', () => {
    expect(session.log.errors).toEqual([])
  })
})

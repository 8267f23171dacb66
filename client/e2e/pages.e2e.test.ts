import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BoardPage } from './fixtures/BoardPage.ts'
import { E2ESession } from './fixtures/E2ESession.ts'
import { ModelPage } from './fixtures/ModelPage.ts'
import { SecurityPanelPage } from './fixtures/SecurityPanel.ts'

/**
 * One model drawn over two pages of the board: the owner models an API on the first page (a
 * threat card, a pinned asset, an observer's hint on it), then opens a second page for the admin
 * side. The side panel still speaks for the whole model, and what lives on the first page stays
 * there.
 */
describe('a model over several pages', () => {
  let session: E2ESession
  let owner: BoardPage
  let observer: BoardPage
  let model: ModelPage
  const ids: Record<string, string> = {}
  const viewport = { width: 1400, height: 850 }

  /** The page the owner is looking at, by name. */
  const currentPage = () =>
    owner.page.evaluate(() => {
      const editor = window.__tbEditor!
      return editor.getPage(editor.getCurrentPageId())!.name
    })
  /** Asset pins on any page of the owner's board. */
  const pins = () =>
    owner.page.evaluate(
      () =>
        window
          .__tbEditor!.store.query.records('shape')
          .get()
          .filter((s) => s.type === 'asset-pin').length,
    )

  beforeAll(async () => {
    session = await E2ESession.start()
    owner = await session.owner('Orders', 'Olga', viewport)
    observer = await session.invitee(await owner.inviteLink('observer'), 'Sam', viewport)
    for (const p of [owner, observer]) await p.waitForStatus('live')
    model = new ModelPage(owner.page)
  })

  afterAll(async () => {
    await session?.dispose()
  })

  it('on the first page: a process with a threat, a pinned asset and a hint on it', async () => {
    ids.api = await model.addElement('process', 'Orders API', { x: 500, y: 400 })
    ids.threat = await model.addThreat(ids.api)
    await owner.page.getByTestId('asset-name').fill('Order history')
    await owner.page.getByTestId('asset-add').click()
    await model.select(ids.api)
    await owner.page.getByTestId('pin-asset').click()
    await expect.poll(pins).toBe(1)

    await new ModelPage(observer.page).click(ids.api)
    await new SecurityPanelPage(observer.page).postHintOnSelection('Who may list all orders?')
    await owner.page.locator(`[data-testid="hint-marker"][data-shape-id="${ids.api}"]`).waitFor()
  })

  it('on a second page, the first page’s threat is neither unattached nor without a card', async () => {
    await owner.page.getByTestId('page-menu.button').click()
    await owner.page.getByTestId('page-menu.create').click()
    await owner.page.keyboard.press('Escape')
    await expect.poll(currentPage).toBe('Page 2')
    // Far from the page's top-left corner, as an imported diagram often is.
    ids.admin = await model.addElement('process', 'Admin console', { x: 2400, y: 1600 })

    const row = owner.page.locator(`[data-testid="threat-row"][data-threat-id="${ids.threat}"]`)
    await row.waitFor()
    expect(await row.getByTestId('unattached').count()).toBe(0)
    expect(await row.getByTestId('no-card').count()).toBe(0)
    // The element filter offers the elements of every page.
    expect(
      await owner.page.getByTestId('filter-element').locator('option').allTextContents(),
    ).toEqual(expect.arrayContaining(['Orders API', 'Admin console']))
    // The hint's marker stays with its element, on the first page.
    expect(await owner.page.getByTestId('hint-marker').count()).toBe(0)
  })

  it('someone turning to the second page for the first time lands on its model', async () => {
    await observer.page.getByTestId('page-menu.button').click()
    await observer.page.getByTestId('page-menu.item').nth(1).click()
    await expect
      .poll(() =>
        observer.page.evaluate((id) => {
          const editor = window.__tbEditor!
          const shape = editor.getShapePageBounds(id as never)
          return !!shape && editor.getViewportPageBounds().contains(shape)
        }, ids.admin!),
      )
      .toBe(true)
  })

  it('the threat’s title in the list goes to its card on the first page', async () => {
    await owner.page.getByTestId('jump-threats').click()
    await owner.page
      .locator(`[data-testid="threat-row"][data-threat-id="${ids.threat}"] button.tb-link`)
      .click()
    await expect.poll(currentPage).toBe('Page 1')
    const selected = await owner.page.evaluate(() =>
      window.__tbEditor!.getSelectedShapes().map((s) => s.type),
    )
    expect(selected).toEqual(['threat-card'])
    await owner.page.locator(`[data-testid="hint-marker"][data-shape-id="${ids.api}"]`).waitFor()
  })

  it('deleting the asset from the second page takes its pin off the first', async () => {
    await owner.page.evaluate(() => {
      const editor = window.__tbEditor!
      editor.setCurrentPage(editor.getPages()[1]!.id)
    })
    await expect.poll(currentPage).toBe('Page 2')
    const asset = owner.page.getByTestId('asset-row').filter({ hasText: 'Order history' })
    const pinned = await pins()
    expect(pinned).toBeGreaterThan(0)
    await asset.getByTestId('asset-details').click()
    await asset.getByTestId('asset-delete').click()
    await owner.page.locator('dialog[open]').getByTestId('confirm-ok').click()
    await expect.poll(() => owner.page.getByTestId('asset-row').count()).toBe(0)
    await expect.poll(pins).toBe(0)
    // A model undo brings the asset back with its pin on the first page; redo takes both again.
    await owner.page.getByRole('button', { name: 'Undo model edit' }).click()
    await expect.poll(() => owner.page.getByTestId('asset-row').count()).toBe(1)
    await expect.poll(pins).toBe(pinned)
    await owner.page.getByRole('button', { name: 'Redo model edit' }).click()
    await expect.poll(() => owner.page.getByTestId('asset-row').count()).toBe(0)
    await expect.poll(pins).toBe(0)
  })

  it('“Put one back”, from the second page, puts the card beside its element on the first, in view', async () => {
    await owner.page.evaluate(() => {
      const editor = window.__tbEditor!
      const [first, second] = editor.getPages()
      const cards = [...editor.getPageShapeIds(first!.id)].filter(
        (id) => editor.getShape(id)?.type === 'threat-card',
      )
      editor.deleteShapes(cards)
      // The first page was last looked at far from its model.
      editor.setCurrentPage(first!.id)
      editor.setCamera({ x: 8000, y: 8000, z: 1 })
      editor.setCurrentPage(second!.id)
    })
    await expect.poll(currentPage).toBe('Page 2')
    const row = owner.page.locator(`[data-testid="threat-row"][data-threat-id="${ids.threat}"]`)
    await row.getByTestId('place-card').click()
    await expect.poll(currentPage).toBe('Page 1')
    const card = await owner.page.evaluate((threatId) => {
      const editor = window.__tbEditor!
      const shape = editor
        .getCurrentPageShapes()
        .find(
          (s) =>
            s.type === 'threat-card' && (s.props as { threatId: string }).threatId === threatId,
        )
      return shape && editor.getBindingsFromShape(shape.id, 'tb-anchor').map((b) => b.toId)
    }, ids.threat!)
    expect(card).toEqual([ids.api])
    // The person who put it back sees it: the board slid to it.
    await expect
      .poll(() =>
        owner.page.evaluate(() => {
          const editor = window.__tbEditor!
          const shape = editor.getCurrentPageShapes().find((s) => s.type === 'threat-card')!
          return editor.getViewportPageBounds().contains(editor.getShapePageBounds(shape)!)
        }),
      )
      .toBe(true)
  })

  it('raised no uncaught error', () => {
    expect(session.log.errors).toEqual([])
  })
})

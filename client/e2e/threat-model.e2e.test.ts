import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BoardPage } from './fixtures/BoardPage.ts'
import { CanvasPage } from './fixtures/CanvasPage.ts'
import { detailsOpen, ModelPage, openDetails } from './fixtures/ModelPage.ts'
import { E2ESession } from './fixtures/E2ESession.ts'

/**
 * Two participants build a threat model together: A draws a process and a data store joined by
 * a flow inside a trust boundary with the toolbar's DFD tools, pins an asset and drops a
 * Tampering card on the flow from the canvas palette; B sees it live, rates the threat on the
 * card and answers it with a High recommendation. Tests run in order.
 */
describe('threat modeling on a shared board', () => {
  let session: E2ESession
  let a: BoardPage
  let b: BoardPage
  let am: ModelPage
  let bm: ModelPage
  let ac: CanvasPage
  let bc: CanvasPage
  const ids: Record<string, string> = {}
  const shots = process.env.SCREENSHOT_DIR

  const viewport = { width: 1400, height: 850 }
  const openPage = () => session.openPage(viewport)

  beforeAll(async () => {
    session = await E2ESession.start()
    a = await session.owner('Checkout', 'Alice', viewport)
    b = await session.invitee(await a.inviteLink('editor'), 'Bob', viewport)
    await a.waitForStatus('live')
    await b.waitForStatus('live')
    am = new ModelPage(a.page)
    bm = new ModelPage(b.page)
    ac = new CanvasPage(a.page)
    bc = new CanvasPage(b.page)
  })

  afterAll(async () => {
    await session?.dispose()
  })

  /**
   * Bob's one lost-draft notice, once shown: it says `message`, keeps `typed`, and has his
   * keyboard (what he types on goes into no row).
   */
  const expectLostDraft = async (message: string, typed: string) => {
    const notice = b.page.getByTestId('lost-draft')
    await expect.poll(() => notice.count()).toBe(1)
    expect(await notice.locator('p').textContent()).toBe(message)
    const text = notice.getByTestId('lost-draft-text')
    expect(await text.inputValue()).toBe(typed)
    expect(await text.evaluate((el) => el === document.activeElement)).toBe(true)
    return { notice, text }
  }

  it('A draws a process and a data store joined by a flow inside a trust boundary; B sees it', async () => {
    // An empty board says where to start, and offers the DFD tools; it goes once one is picked.
    const empty = a.page.getByTestId('empty-board')
    expect(await empty.textContent()).toContain('Nothing drawn yet')
    expect(await b.page.getByTestId('empty-board').count()).toBe(1)
    await a.page.getByTestId('empty-board-trust-boundary').click()
    expect(await a.page.evaluate(() => window.__tbEditor!.getCurrentToolId())).toBe(
      'trust-boundary',
    )
    expect(await empty.count()).toBe(0)
    await ac.press('Escape')
    // The boundary by its shortcut, the nodes from the toolbar; each renamed in place.
    await ac.press('Shift+B')
    ids.boundary = await ac.drawBox({ x: 360, y: 150 }, { x: 1040, y: 560 })
    await ac.renameSelected('Shop VPC')
    await ac.pickTool('dfd-process')
    ids.process = await ac.drawBox({ x: 420, y: 260 }, { x: 590, y: 370 })
    await ac.renameSelected('Checkout API')
    await ac.pickTool('dfd-data-store')
    ids.store = await ac.drawBox({ x: 800, y: 280 }, { x: 980, y: 352 })
    await ac.renameSelected('Orders DB')
    // A node is as large as it was dragged (at 100 %), or just wide enough for its name: not
    // its name's size larger than the drag.
    const size = (id: string) =>
      a.page.evaluate((id) => {
        const b = window.__tbEditor!.getShapePageBounds(id as never)!
        return { w: Math.round(b.w), h: Math.round(b.h) }
      }, id)
    expect(await size(ids.store)).toEqual({ w: 180, h: 72 })
    const process = await size(ids.process)
    expect(process.h).toBe(110)
    expect(process.w).toBeGreaterThanOrEqual(170)
    expect(process.w).toBeLessThan(180)
    const from = await am.center(ids.process)
    const to = await am.center(ids.store)
    await a.pressOnCanvas('a')
    await a.drag(from, to)
    await expect
      .poll(() => am.flows())
      .toEqual([expect.objectContaining({ start: ids.process, end: ids.store })])
    ids.flow = (await am.flows())[0]!.id
    // The flow's label and flags, from the canvas panel of the selected arrow.
    await am.select(ids.flow)
    await a.page.getByTestId('flow-label').fill('Order rows')
    await a.page.getByTestId('flow-label').press('Enter')
    await a.page.getByTestId('flow-protocol').fill('SQL over TLS')
    await a.page.getByTestId('flow-protocol').press('Enter')
    await a.page.getByTestId('flow-encrypted').check()

    await expect
      .poll(async () => (await bm.shapes()).map((s) => s.type).sort())
      .toEqual(['arrow', 'dfd-node', 'dfd-node', 'trust-boundary'])
    await expect.poll(() => bc.drawnNames()).toEqual(['Checkout API', 'Orders DB', 'Shop VPC'])
    expect(await b.page.getByTestId('empty-board').count()).toBe(0)
    expect(
      await b.page
        .locator('[data-testid="dfd-node"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')).sort()),
    ).toEqual(['data-store', 'process'])
    // The boundary lies behind what was drawn inside it.
    const order = await b.page.evaluate(() =>
      window.__tbEditor!.getCurrentPageShapesSorted().map((s) => s.type),
    )
    expect(order[0]).toBe('trust-boundary')
    await expect
      .poll(() => bc.flow(ids.flow!))
      .toEqual({
        label: 'Order rows',
        dataFlow: { protocol: 'SQL over TLS', encrypted: true, publicNetwork: false },
      })
    // The flags are written on B's board, just above the flow's name.
    await expect
      .poll(() => b.page.getByTestId('flow-badge').allTextContents())
      .toEqual(['SQL over TLSencrypted'])
    const badge = b.page.getByTestId('flow-badge')
    const label = b.page.locator(`.tl-shape[data-shape-id="${ids.flow}"] .tl-rich-text`)
    const aboveLabel = async () => {
      const f = (await badge.boundingBox())!
      const l = (await label.boundingBox())!
      const gap = l.y - (f.y + f.height)
      return gap >= 0 && gap < 20 && Math.abs(f.x + f.width / 2 - (l.x + l.width / 2)) < 2
    }
    await expect.poll(aboveLabel).toBe(true)
    // A drags Orders DB down: on B's board the name goes with the flow, and the flags with it.
    const labelAt = (await label.boundingBox())!.y
    await ac.press('Escape')
    const dbAt = await am.center(ids.store)
    await a.drag(dbAt, { x: dbAt.x, y: dbAt.y + 160 })
    await expect.poll(async () => (await label.boundingBox())!.y).toBeGreaterThan(labelAt + 30)
    await expect.poll(aboveLabel).toBe(true)
  })

  it('before any threat, the recommendation form says one comes first, and keeps what is typed when the last threat goes', async () => {
    const needs = b.page.getByTestId('rec-needs-threat')
    expect(await needs.textContent()).toContain('A recommendation answers a threat: add one first')
    await b.page.getByTestId('rec-text').fill('Sign the order payload')
    expect(await b.page.getByTestId('rec-add').isDisabled()).toBe(true)
    // Alice adds a threat: Bob can pick it and add.
    const threatId = await am.addThreat(ids.process!)
    await expect.poll(() => b.page.getByTestId('rec-threat').count()).toBe(1)
    expect(await b.page.getByTestId('rec-add').isDisabled()).toBe(false)
    // She deletes it again while he is still writing: his text stays, nothing can be added.
    const row = a.page.locator(`[data-testid="threat-row"][data-threat-id="${threatId}"]`)
    await openDetails(row)
    await row.getByTestId('threat-delete').click()
    await a.page.locator('dialog[open]').getByTestId('confirm-ok').click()
    await expect.poll(() => needs.count()).toBe(1)
    expect(await b.page.getByTestId('rec-text').inputValue()).toBe('Sign the order payload')
    expect(await b.page.getByTestId('rec-add').isDisabled()).toBe(true)
    await b.page.getByTestId('rec-text').fill('')
  })

  it('A pins an asset and drops a Tampering card on the flow; B sees both live', async () => {
    await a.page.getByTestId('asset-name').fill('Card data')
    await a.page.getByTestId('asset-sensitivity').selectOption('restricted')
    await a.page.getByTestId('asset-add').click()
    await am.select(ids.process!)
    await a.page.getByTestId('pin-asset').click()
    await am.select(ids.flow!)
    await ac.dropCard('tampering')
    await expect
      .poll(async () => (await bm.shapes()).map((s) => s.type).sort())
      .toEqual(['arrow', 'asset-pin', 'dfd-node', 'dfd-node', 'threat-card', 'trust-boundary'])
    await expect.poll(() => b.page.getByTestId('asset-pin').textContent()).toContain('Card data')
    await expect.poll(() => b.page.getByTestId('node-assets').textContent()).toContain('Card data')
    await expect.poll(() => bc.cardTitles()).toEqual(['Tampering on Order rows'])
    expect(await bc.cardSeverities()).toEqual(['Medium'])
    expect(await b.page.getByTestId('threat-row').count()).toBe(1)
  })

  it('B rates the threat Critical on the card and answers it with a High recommendation; A sees both', async () => {
    await bc.setCardSeverity('critical')
    await expect.poll(() => ac.cardSeverities()).toEqual(['Critical'])
    await b.page.getByTestId('rec-text').fill('Sign the order payload between API and DB')
    await b.page.getByTestId('rec-priority').selectOption('high')
    await b.page.getByTestId('rec-add').click()
    await expect
      .poll(() => am.recommendations())
      .toEqual([expect.stringContaining('Sign the order payload between API and DB')])
    expect((await am.recommendations())[0]).toContain('High')
    expect((await am.recommendations())[0]).toContain('Do this first, or get approval not to.')
    if (shots) await a.page.screenshot({ path: `${shots}/threat-model-live.png` })
  })

  it('moving the flow’s source moves the card with it, on both boards', async () => {
    const card = (await am.shapes()).find((s) => s.type === 'threat-card')!
    await a.pressOnCanvas('Escape')
    await a.pressOnCanvas('v')
    // Grab the process by its top part, away from the flow's handle at its centre.
    const center = await am.center(ids.process!)
    const from = { x: center.x, y: center.y - 30 }
    await a.drag(from, { x: from.x, y: from.y + 150 })
    await expect
      .poll(async () => (await am.shapes()).find((s) => s.id === card.id)!.y)
      .toBeGreaterThan(card.y + 20)
    const moved = (await am.shapes()).find((s) => s.id === card.id)!
    await expect.poll(async () => (await bm.shapes()).find((s) => s.id === card.id)).toEqual(moved)
  })

  it('a reload shows everything', async () => {
    const before = await am.shapes()
    await b.page.reload()
    await b.waitForEditor()
    await b.waitForStatus('live')
    await expect.poll(() => bm.shapes()).toEqual(before)
    await expect.poll(() => bc.cardSeverities()).toEqual(['Critical'])
    await expect.poll(() => bc.cardTitles()).toEqual(['Tampering on Order rows'])
    await expect.poll(() => bc.drawnNames()).toEqual(['Checkout API', 'Orders DB', 'Shop VPC'])
    await expect.poll(() => bm.recommendations()).toHaveLength(1)
    if (shots) await a.page.screenshot({ path: `${shots}/threat-model.png` })
  })

  it('filters threats and undoes a model edit without touching others’ work', async () => {
    await b.page.getByTestId('filter-category').selectOption('spoofing')
    expect(await b.page.getByTestId('threat-row').count()).toBe(0)
    await b.page.getByTestId('filter-category').selectOption('tampering')
    expect(await b.page.getByTestId('threat-row').count()).toBe(1)
    await b.page.getByTestId('filter-category').selectOption('')
    // Words from its title or description, in any case: the count says what is hidden.
    const search = b.page.getByTestId('filter-text')
    await search.fill('ORDER rows')
    expect(await b.page.getByTestId('threat-row').count()).toBe(1)
    expect(await b.page.getByTestId('filter-count').textContent()).toBe(
      '1 of 1 threats shown. Clear filters',
    )
    await search.fill('order replay')
    expect(await b.page.getByTestId('threat-row').count()).toBe(0)
    expect(await b.page.getByTestId('filter-count').textContent()).toBe(
      'No threat matches these filters. Clear filters',
    )
    // Typed keys stay in the field: the board's tools and selection are untouched.
    expect(await b.page.evaluate(() => window.__tbEditor!.getCurrentToolId())).toBe('select')
    await b.page.getByRole('button', { name: 'Clear filters' }).click()
    expect(await search.inputValue()).toBe('')
    expect(await b.page.getByTestId('threat-row').count()).toBe(1)
    expect(await b.page.getByTestId('filter-count').count()).toBe(0)
    expect(await b.page.evaluate(() => document.activeElement?.textContent)).toBe('Threats')
    // Bob's last model edit was the recommendation (his own, since the reload).
    await b.page.getByTestId('rec-text').fill('Temporary idea')
    await b.page.getByTestId('rec-add').click()
    await expect.poll(() => am.recommendations()).toHaveLength(2)
    await b.page.getByRole('button', { name: 'Undo model edit' }).click()
    await expect.poll(() => am.recommendations()).toHaveLength(1)
    await b.page.getByRole('button', { name: 'Redo model edit' }).click()
    await expect.poll(() => am.recommendations()).toHaveLength(2)
    await b.page.getByRole('button', { name: 'Undo model edit' }).click()
    await expect.poll(() => am.recommendations()).toHaveLength(1)
  })

  it('deleting the flow keeps its threat, listed as unattached', async () => {
    await am.select(ids.flow!)
    await a.pressOnCanvas('Delete')
    await expect.poll(async () => (await bm.shapes()).some((s) => s.type === 'arrow')).toBe(false)
    await expect.poll(() => b.page.getByTestId('unattached').count()).toBe(1)
    expect(await b.page.getByTestId('threat-row').count()).toBe(1)
    expect(await b.page.getByTestId('threat-card').count()).toBe(1)
  })

  it('a STRIDE-per-element prompt turns into a card; one undo takes the card away', async () => {
    await am.select(ids.store!)
    const prompts = a.page.getByTestId('canvas-prompts')
    // A data store: tampering, repudiation, information disclosure, denial of service.
    await expect.poll(() => prompts.locator('> li').count()).toBe(4)
    expect(await a.page.getByTestId('prompt-add-spoofing').count()).toBe(0)
    await a.page.getByTestId('prompt-add-information-disclosure').click()
    await expect.poll(() => bc.cardTitles()).toContain('Information disclosure on Orders DB')
    // Focus is still on the button: the panel lets the editor's undo through.
    await a.page.keyboard.press('Control+z')
    await expect.poll(() => b.page.getByTestId('threat-card').count()).toBe(1)
    expect(await bc.cardTitles()).toEqual(['Tampering on Order rows'])
  })

  it('a recommendation answers the threat of the selected card, unless another is picked', async () => {
    // A second threat, on the store: the form no longer has only one to offer.
    const cardIds = async () =>
      (await bm.shapes()).filter((s) => s.type === 'threat-card').map((s) => s.id)
    const [tampering] = await cardIds()
    await am.select(ids.store!)
    await a.page.getByTestId('prompt-add-information-disclosure').click()
    await expect.poll(cardIds).toHaveLength(2)
    expect(await bc.cardTitles()).toContain('Information disclosure on Orders DB')
    const disclosure = (await cardIds()).find((id) => id !== tampering)!
    const threatSelect = b.page.getByTestId('rec-threat')
    const pickedTitle = () =>
      threatSelect.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]!.textContent)

    // Bob selects the new card: the form answers its threat.
    await bm.select(disclosure)
    await expect.poll(pickedTitle).toBe('Information disclosure on Orders DB')
    await b.page.getByTestId('rec-text').fill('Encrypt the order rows at rest')
    await b.page.getByTestId('rec-add').click()
    await expect
      .poll(async () => (await am.recommendations()).find((r) => r.includes('Encrypt')))
      .toContain('Answers: Information disclosure on Orders DB')

    // A pick of his own holds while the selection stays; a new selection is followed again.
    await threatSelect.selectOption({ label: 'Tampering on Order rows' })
    await b.page.getByTestId('rec-text').fill('Check the row checksums')
    await expect.poll(pickedTitle).toBe('Tampering on Order rows')
    await bm.select(ids.store!)
    await expect.poll(pickedTitle).toBe('Information disclosure on Orders DB')
    await b.page.getByTestId('rec-text').fill('')
  })

  it('selecting a card marks its threat in the list, brought into view only when the list shows', async () => {
    const cards = await b.page.evaluate(() =>
      window
        .__tbEditor!.getCurrentPageShapes()
        .flatMap((s) =>
          s.type === 'threat-card'
            ? [{ id: s.id, threatId: (s.props as { threatId: string }).threatId }]
            : [],
        ),
    )
    expect(cards.length).toBeGreaterThanOrEqual(2)
    const [first, last] = [cards[0]!, cards.at(-1)!]
    const row = (threatId: string) =>
      b.page.locator(`[data-testid="threat-row"][data-threat-id="${threatId}"]`)
    /** The panel's scroll, and whether the row is in sight, below the section nav. */
    const view = (threatId: string) =>
      b.page.evaluate((threatId) => {
        const panel = document.querySelector('.tb-security')!
        const nav = document.querySelector('[data-testid="panel-nav"]')!.getBoundingClientRect()
        const r = document
          .querySelector(`[data-testid="threat-row"][data-threat-id="${threatId}"]`)!
          .getBoundingClientRect()
        const shown = panel.getBoundingClientRect()
        return {
          scrollTop: panel.scrollTop,
          // A pixel's slack: a row aligned to the panel's edge may end a fraction past it.
          inSight: r.top >= nav.bottom - 1 && r.bottom <= shown.bottom + 1,
        }
      }, threatId)

    // Bob is looking at the list's start, the last row below the panel's edge.
    await b.page.getByTestId('jump-threats').click()
    await b.page.evaluate(() => {
      const panel = document.querySelector('.tb-security')!
      const list = document.querySelector('[data-testid="threat-list"]')!
      panel.scrollTop +=
        list.getBoundingClientRect().top - panel.getBoundingClientRect().bottom + 60
    })
    expect((await view(last.threatId)).inSight, 'the last row starts out of sight').toBe(false)
    await bm.select(last.id)
    await expect.poll(() => row(last.threatId).getAttribute('aria-current')).toBe('true')
    await expect.poll(async () => (await view(last.threatId)).inSight).toBe(true)
    expect(await row(first.threatId).getAttribute('aria-current')).toBeNull()

    // Reading the session section, he is not moved; the row is marked all the same.
    await b.page.getByTestId('jump-session').click()
    const before = (await view(first.threatId)).scrollTop
    await bm.select(first.id)
    await expect.poll(() => row(first.threatId).getAttribute('aria-current')).toBe('true')
    expect((await view(first.threatId)).scrollTop).toBe(before)
    expect(await row(last.threatId).getAttribute('aria-current')).toBeNull()
  })

  it('a card duplicated with Ctrl+D is the card of a new threat, a copy of the first', async () => {
    const rows = () => b.page.getByTestId('threat-row').count()
    const before = await rows()
    const title = 'Information disclosure on Orders DB'
    const original = await a.page
      .getByTestId('threat-card')
      .filter({ hasText: title })
      .getAttribute('data-threat-id')
    const cardId = await a.page.evaluate(
      (threatId) =>
        window
          .__tbEditor!.getCurrentPageShapes()
          .find(
            (s) =>
              s.type === 'threat-card' && (s.props as { threatId: string }).threatId === threatId,
          )!.id,
      original,
    )
    await am.select(cardId)
    await a.pressOnCanvas('Control+d')
    // Two cards with the title, each its own threat: B lists one threat more.
    await expect.poll(rows).toBe(before + 1)
    const shown = b.page.getByTestId('threat-card').filter({ hasText: title })
    await expect.poll(() => shown.count()).toBe(2)
    const ids = await shown.evaluateAll((cards) => cards.map((c) => c.dataset.threatId))
    expect(new Set(ids).size).toBe(2)
    expect(ids).toContain(original)
    // The copy is A's selection now: rating it Low leaves the original Medium.
    await a.page
      .locator('.tb-threat--selected')
      .getByTestId('card-severity-select')
      .selectOption('low')
    const severityOf = (id: string) =>
      b.page
        .locator(`[data-testid="threat-card"][data-threat-id="${id}"]`)
        .getByTestId('card-severity')
        .textContent()
    const copy = ids.find((id) => id !== original)!
    await expect.poll(() => severityOf(copy)).toBe('Low')
    expect(await severityOf(original!)).toBe('Medium')
  })

  it('a flow duplicated with its card: the new card follows the new flow, and is about it', async () => {
    // The whole board in view (Shift+1), both ends of the new flow with it.
    await a.pressOnCanvas('Escape')
    await a.pressOnCanvas('Shift+1')
    await a.waitForCameraToSettle()
    const flow = await am.addFlow(ids.process!, ids.store!, 'Order writes')
    await am.select(flow)
    await ac.dropCard('denial-of-service')
    const cardOn = (flowId: string) =>
      a.page.evaluate(
        (flowId) =>
          window
            .__tbEditor!.getCurrentPageShapes()
            .find(
              (s) =>
                s.type === 'threat-card' &&
                (s.meta as { anchorFlow?: string }).anchorFlow === flowId,
            )?.id,
        flowId,
      )
    await expect.poll(() => cardOn(flow)).toBeDefined()
    const card = (await cardOn(flow))!
    await a.page.evaluate(
      ([flow, card]) => {
        window.__tbEditor!.select(flow as never, card as never)
      },
      [flow, card],
    )
    await a.pressOnCanvas('Control+d')
    const flows = async () => (await am.flows()).map((f) => f.id)
    await expect.poll(async () => (await flows()).length).toBe(2)
    const copy = (await flows()).find((id) => id !== flow)!
    await expect.poll(() => cardOn(copy)).toBeDefined()
    // Bob filters the list by the new flow: the new card's threat is there, and only it.
    await b.page.getByTestId('filter-element').selectOption(copy)
    const rows = b.page.getByTestId('threat-row')
    await expect.poll(() => rows.count()).toBe(1)
    expect(await rows.first().textContent()).toContain('Denial of service on Order writes')
    await b.page.getByTestId('filter-element').selectOption('')
  })

  it('an element duplicated with its card: the new card’s threat is about the new element', async () => {
    // The store, with one of the cards that hang from it.
    const { cardOnStore, title } = await a.page.evaluate((store) => {
      const editor = window.__tbEditor!
      const card = editor
        .getCurrentPageShapes()
        .find(
          (s) =>
            s.type === 'threat-card' &&
            editor.getBindingsFromShape(s.id, 'tb-anchor').some((b) => b.toId === store),
        )
      return {
        cardOnStore: card?.id,
        title: card && editor.getShapeUtil(card).getText(card),
      }
    }, ids.store!)
    expect(cardOnStore, 'a card hangs from the store').toBeDefined()
    await a.page.evaluate(
      ([store, card]) => {
        window.__tbEditor!.select(store as never, card as never)
      },
      [ids.store!, cardOnStore!],
    )
    await a.pressOnCanvas('Control+d')
    const stores = () =>
      b.page.evaluate(() =>
        window
          .__tbEditor!.getCurrentPageShapes()
          .filter(
            (s) => s.type === 'dfd-node' && (s.props as { name: string }).name === 'Orders DB',
          )
          .map((s) => s.id),
      )
    await expect.poll(async () => (await stores()).length).toBe(2)
    const copy = (await stores()).find((id) => id !== ids.store)!
    // Bob filters the list by the new store: its card's threat is there, and only it.
    await b.page.getByTestId('filter-element').selectOption(copy)
    const rows = b.page.getByTestId('threat-row')
    await expect.poll(() => rows.count()).toBe(1)
    expect(await rows.first().textContent()).toContain(title!)
    await b.page.getByTestId('filter-element').selectOption('')
  })

  it('a viewer gets no DFD tools, no palette and no edits on the cards', async () => {
    const link = await a.inviteLink('viewer')
    const v = await openPage()
    await v.open(link)
    await v.join('Val')
    await v.waitForStatus('live')
    await expect.poll(() => v.page.getByTestId('threat-card').count()).toBeGreaterThan(0)
    expect(await v.page.getByTestId('tools.dfd-process').count()).toBe(0)
    expect(await v.page.getByTestId('card-severity-select').count()).toBe(0)
    await new ModelPage(v.page).select(ids.store!)
    expect(await v.page.getByTestId('canvas-panel').count()).toBe(0)
  })

  it('scope and goals typed by A reach B, and B’s checklist counts them', async () => {
    await a.page.getByTestId('session-inScope').fill('Checkout API\nOrders DB')
    await a.page.getByTestId('session-goals').fill('Ship one-click checkout safely')
    await a.page.getByTestId('session-inScope').focus() // leaving goals saves them
    await a.page.getByTestId('session-goals').focus() // leaving scope saves it
    await expect
      .poll(() => b.page.getByTestId('session-inScope').inputValue())
      .toBe('Checkout API\nOrders DB')
    // Each field's text and the checklist render on their own: each is awaited.
    await expect
      .poll(() => b.page.getByTestId('session-goals').inputValue())
      .toBe('Ship one-click checkout safely')
    await expect
      .poll(() => b.page.getByTestId('session-steps').textContent())
      .toContain('Scope 2 in, 0 out')
  })

  it('A starts the session’s timebox: B sees it count down in the header, wherever he reads', async () => {
    const timebox = b.page.getByTestId('header-timebox')
    expect(await timebox.count()).toBe(0)
    await a.page.getByTestId('jump-session').click()
    await a.page.getByRole('button', { name: 'Start timer' }).click()
    // A medium session: 60 minutes.
    await expect
      .poll(() => timebox.getAttribute('aria-label'))
      .toMatch(/^Session timebox: 59:\d\d left$/)
    await b.page.getByTestId('jump-guidance').click()
    expect(await timebox.isVisible()).toBe(true)
    const first = await timebox.getAttribute('aria-label')
    await expect.poll(() => timebox.getAttribute('aria-label')).not.toBe(first)
    await a.page.getByRole('button', { name: 'Stop timer' }).click()
    await expect.poll(() => timebox.count()).toBe(0)
  })

  it("a card copied into another person's room brings its threat, attached to nothing there yet", async () => {
    await a.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: session.server.url,
    })
    const [card] = (await am.shapes()).filter((s) => s.type === 'threat-card')
    const title = await a.page.evaluate(
      (id) =>
        window
          .__tbEditor!.getShapeUtil('threat-card')
          .getText(window.__tbEditor!.getShape(id as never)!),
      card!.id,
    )
    await am.select(card!.id)
    await a.page.locator('.tl-container').focus()
    await a.page.keyboard.press('Control+c')
    // What A copied, as another person's clipboard holds it once A sends it: nothing of A's
    // browser (its storage, its room) goes with it.
    const clipboardHtml = () =>
      a.page.evaluate(async () => {
        const [item] = await navigator.clipboard.read()
        return item?.types.includes('text/html') ? (await item.getType('text/html')).text() : ''
      })
    // tldraw writes the clipboard once its copy (and the hook that adds the threats) is done.
    await expect.poll(clipboardHtml).toContain('data-tldraw')
    const copied = await clipboardHtml()

    const c = await session.owner('Checkout, second pass', 'Carol', viewport)
    await c.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: session.server.url,
    })
    const pasteInto = async (html: string) => {
      await c.page.evaluate(async (text) => {
        const blob = new Blob([text], { type: 'text/html' })
        await navigator.clipboard.write([new ClipboardItem({ 'text/html': blob })])
      }, html)
      await c.page.locator('.tl-container').focus()
      await c.page.mouse.move(600, 400)
      await c.page.keyboard.press('Control+v')
    }
    await pasteInto(copied)
    const rows = c.page.getByTestId('threat-row')
    await expect.poll(() => rows.count()).toBe(1)
    expect(await rows.first().textContent()).toContain(title)
    expect(await c.page.getByTestId('threat-card').first().textContent()).toContain(title)
    expect(await rows.getByTestId('unattached').count()).toBe(0)
    // The threat came as the card's passenger; the card on the board does not keep it.
    const metaKeys = async () =>
      c.page.evaluate(() =>
        window
          .__tbEditor!.getCurrentPageShapes()
          .filter((s) => s.type === 'threat-card')
          .map((s) => Object.keys(s.meta)),
      )
    expect((await metaKeys()).flat()).not.toContain('copiedThreat')

    // A clipboard is anyone's input: a carried threat that does not read as a threat brings
    // nothing, and does not reach the room with its card either.
    const forged = await a.page.evaluate(async () => {
      const editor = window.__tbEditor!
      const content = editor.getContentFromCurrentPage(editor.getSelectedShapeIds())!
      const carried = (await editor.options.onBeforeCopyToClipboard!({
        editor,
        content,
        operation: 'copy',
        source: 'native',
      })) as typeof content
      for (const shape of carried.shapes) {
        const threat = (shape.meta.copiedThreat as { threat?: { category: string; id: string } })
          ?.threat
        if (threat) {
          threat.category = 'Not a STRIDE category'
          ;(shape.props as { threatId: string }).threatId = threat.id = 't-forged'
        }
      }
      const clip = { type: 'application/tldraw', kind: 'content', version: 2, data: carried }
      return `<div data-tldraw>${JSON.stringify(clip)}</div>`
    })
    expect(forged).toContain('Not a STRIDE category')
    await c.page.keyboard.press('Escape')
    await pasteInto(forged)
    await expect.poll(async () => (await metaKeys()).length).toBe(2)
    expect(await rows.count()).toBe(1)
    expect((await metaKeys()).flat()).not.toContain('copiedThreat')
    expect(
      await c.page.getByTestId('threat-card').filter({ hasText: 'Threat deleted' }).count(),
    ).toBe(1)
  })

  it('a threat added by mistake is deleted with its card and its own recommendation, after asking', async () => {
    await am.select(ids.store!)
    await a.page.getByTestId('prompt-add-repudiation').click()
    const title = 'Repudiation on Orders DB'
    const rowOf = (page: BoardPage) =>
      page.page.getByTestId('threat-row').filter({ hasText: title })
    await expect.poll(() => rowOf(b).count()).toBe(1)
    await b.page.getByTestId('rec-threat').selectOption({ label: title })
    await b.page.getByTestId('rec-text').fill('Log who changed each order')
    await b.page.getByTestId('rec-add').click()
    await expect
      .poll(async () => (await am.recommendations()).some((r) => r.includes('Log who changed')))
      .toBe(true)
    const recsBefore = (await am.recommendations()).length

    // Where its card is on the board, and what it is tied to.
    const threatId = await rowOf(a).getAttribute('data-threat-id')
    const cardAt = (person: BoardPage) =>
      person.page.evaluate((threatId) => {
        const editor = window.__tbEditor!
        const card = editor
          .getCurrentPageShapes()
          .find((s) => s.type === 'threat-card' && s.props.threatId === threatId)
        if (!card) return null
        const tie = editor.getBindingsFromShape(card.id, 'tb-anchor')[0]?.toId
        return { x: Math.round(card.x), y: Math.round(card.y), tie }
      }, threatId)
    const before = await cardAt(a)
    expect(before).toEqual({ x: expect.any(Number), y: expect.any(Number), tie: ids.store })

    // Bob deletes it from its details; the dialog says what goes with it, and Cancel keeps all.
    await openDetails(rowOf(b))
    // No row keeps a question in the page until it asks one.
    expect(await b.page.locator('dialog.tb-confirm').count()).toBe(0)
    await rowOf(b).getByTestId('threat-delete').click()
    const dialog = b.page.locator('dialog[open]')
    expect(await dialog.locator('h2').textContent()).toBe(`Delete “${title}”?`)
    // Named by its own question, as a screen reader announces it.
    expect(await b.page.getByRole('dialog', { name: `Delete “${title}”?` }).count()).toBe(1)
    expect(await dialog.textContent()).toContain(
      'The recommendation “Log who changed each order” answers only this threat and goes with it.',
    )
    await dialog.getByTestId('confirm-cancel').click()
    expect(await rowOf(a).count()).toBe(1)
    await rowOf(b).getByTestId('threat-delete').click()
    await dialog.getByTestId('confirm-ok').click()

    // Gone for Alice too: the row, the card, the recommendation; nothing else.
    await expect.poll(() => rowOf(a).count()).toBe(0)
    await expect.poll(async () => (await ac.cardTitles()).includes(title)).toBe(false)
    await expect.poll(async () => (await am.recommendations()).length).toBe(recsBefore - 1)
    expect((await am.recommendations()).some((r) => r.includes('Log who changed'))).toBe(false)
    // One model undo brings the threat, its recommendation and its card back, where it was.
    await b.page.getByRole('button', { name: 'Undo model edit' }).click()
    await expect.poll(() => rowOf(a).count()).toBe(1)
    await expect.poll(async () => (await am.recommendations()).length).toBe(recsBefore)
    await expect.poll(() => cardAt(a)).toEqual(before)
    expect(await rowOf(a).getByTestId('no-card').count()).toBe(0)
  })

  it('what Bob is typing goes nowhere unsaid: saved when his filter hides the row, kept for him when Alice deletes the threat', async () => {
    const title = 'Repudiation on Orders DB'
    const rowOf = (page: BoardPage) =>
      page.page.getByTestId('threat-row').filter({ hasText: title })
    /** Bob's keyboard is on the threat's row, whose details are open. */
    const expectOnOpenRow = async () => {
      expect(
        await rowOf(b)
          .getByTestId('threat-details')
          .evaluate((el) => el === document.activeElement),
      ).toBe(true)
      expect(await detailsOpen(rowOf(b))).toBe(true)
    }
    // Bob lists the open threats and starts describing this one, still in the field.
    await b.page.getByTestId('filter-status').selectOption('open')
    await openDetails(rowOf(b))
    await rowOf(b).getByTestId('threat-description').click()
    await b.page.keyboard.type('Anyone with DB access edits an order')
    // Alice marks it mitigated: it leaves Bob's list with his field. His text is saved, over
    // her status, not over the threat as his row last showed it.
    await rowOf(a).getByTestId('threat-status').selectOption('mitigated')
    await expect.poll(() => rowOf(b).count()).toBe(0)
    await openDetails(rowOf(a))
    await expect
      .poll(() => rowOf(a).getByTestId('threat-description').inputValue())
      .toBe('Anyone with DB access edits an order')
    expect(await rowOf(a).getByTestId('threat-status').inputValue()).toBe('mitigated')
    expect(await b.page.getByTestId('lost-draft').count()).toBe(0)
    // His keyboard is on the list's heading, not on another threat's controls, where the rest
    // of his typing would change that threat.
    expect(await b.page.evaluate(() => document.activeElement?.id)).toBe('tb-section-threats')
    // He is told where it went and that his text was kept, and can bring it back.
    const left = b.page.getByTestId('left-list')
    expect(await left.locator('p').textContent()).toBe(
      `“${title}” no longer matches your filter and has left your list. What you wrote in its description was saved.`,
    )
    // Alice opens it again: it is back in Bob's list, and the note, which would say otherwise,
    // goes; his keyboard, on the note, goes to the threat.
    await left.getByRole('button', { name: 'Dismiss' }).focus()
    await rowOf(a).getByTestId('threat-status').selectOption('open')
    await expect.poll(() => rowOf(b).count()).toBe(1)
    await expect.poll(() => left.count()).toBe(0)
    // Back in his list with its details open as he left them, he writes on; Alice marks it
    // mitigated again, and the note is back.
    await expectOnOpenRow()
    await rowOf(b).getByTestId('threat-description').click()
    await b.page.keyboard.press('End')
    await b.page.keyboard.type(', twice')
    await rowOf(a).getByTestId('threat-status').selectOption('mitigated')
    await expect.poll(() => rowOf(b).count()).toBe(0)
    await expect.poll(() => left.count()).toBe(1)
    await expect
      .poll(() => rowOf(a).getByTestId('threat-description').inputValue())
      .toBe('Anyone with DB access edits an order, twice')
    await left.getByRole('button', { name: 'Show all threats' }).click()
    expect(await left.count()).toBe(0)
    expect(await b.page.getByTestId('filter-status').inputValue()).toBe('')
    // Shown again with its details open, the keyboard on it. Bob writes its mitigation; Alice
    // deletes it meanwhile.
    await expectOnOpenRow()
    await rowOf(b).getByTestId('threat-mitigation').click()
    await b.page.keyboard.type('Sign each change')
    await rowOf(a).getByTestId('threat-delete').click()
    await a.page.locator('dialog[open]').getByTestId('confirm-ok').click()
    await expect.poll(() => rowOf(b).count()).toBe(0)
    // His text is shown to him, with whose it was, and has the keyboard: what he types on goes
    // into no other threat.
    const { notice, text } = await expectLostDraft(
      `The threat “${title}” was deleted by someone else while you were writing its mitigation. What you wrote was not saved:`,
      'Sign each change',
    )
    await b.page.keyboard.type(' with a key')
    expect(await text.inputValue()).toBe('Sign each change')
    expect(
      await b.page
        .getByTestId('threat-row')
        .evaluateAll((rows) => rows.map((r) => r.querySelector('textarea')?.value ?? '')),
    ).not.toContain(expect.stringContaining('with a key'))
    // Escape lets it go and gives the keyboard to the Threats heading.
    await b.page.keyboard.press('Escape')
    expect(await notice.count()).toBe(0)
    expect(await b.page.evaluate(() => document.activeElement?.textContent)).toBe('Threats')
    // Alice's own undo brings it back, with Bob's description.
    await a.page.getByRole('button', { name: 'Undo model edit' }).click()
    await expect.poll(() => rowOf(b).count()).toBe(1)
    await openDetails(rowOf(b))
    expect(await rowOf(b).getByTestId('threat-description').inputValue()).toBe(
      'Anyone with DB access edits an order, twice',
    )
  })

  it('an exception Bob is writing is kept for him when Alice deletes its recommendation', async () => {
    const recText = (await b.page
      .getByTestId('recommendation')
      .first()
      .locator('strong')
      .first()
      .textContent())!
    const recOf = (page: BoardPage) =>
      page.page.getByTestId('recommendation').filter({ hasText: recText })
    const status = recOf(b).getByTestId('rec-status-select')
    const statusBefore = await status.inputValue()
    // Escape leaves the form unrecorded, with the keyboard back on the status.
    await status.selectOption('exception')
    await recOf(b).getByTestId('exception-approver').click()
    await b.page.keyboard.press('Escape')
    expect(await recOf(b).getByTestId('exception-form').count()).toBe(0)
    expect(await status.inputValue()).toBe(statusBefore)
    expect(await status.evaluate((el) => el === document.activeElement)).toBe(true)
    await status.selectOption('exception')
    await recOf(b).getByTestId('exception-approver').fill('Priya (PM)')
    await recOf(b).getByTestId('exception-reason').click()
    await b.page.keyboard.type('Internal only until Q3')
    await recOf(a).getByTestId('rec-details').click()
    await recOf(a).getByTestId('rec-delete').click()
    await a.page.locator('dialog[open]').getByTestId('confirm-ok').click()
    await expect.poll(() => recOf(b).count()).toBe(0)
    await expectLostDraft(
      `The recommendation “${recText}” was deleted by someone else while you were writing an exception to it. What you wrote was not saved:`,
      'Approved by: Priya (PM)\nReason: Internal only until Q3',
    )
    await b.page.keyboard.press('Escape')
    expect(await b.page.evaluate(() => document.activeElement?.textContent)).toBe('Recommendations')
    // Alice's undo brings the recommendation back as it was, with no exception on it.
    await a.page.getByRole('button', { name: 'Undo model edit' }).click()
    await expect.poll(() => recOf(b).count()).toBe(1)
    expect(await recOf(b).getByTestId('rec-exception').count()).toBe(0)
  })

  it('raised no uncaught error and no Content-Security-Policy violation', () => {
    expect(session.log.errors).toEqual([])
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BoardPage } from './fixtures/BoardPage.ts'
import { LobbyPage } from './fixtures/LobbyPage.ts'
import { ModelPage } from './fixtures/ModelPage.ts'
import { E2ESession } from './fixtures/E2ESession.ts'

/**
 * Two participants build a threat model together: A draws a process and a data store joined by
 * a flow inside a trust boundary, pins an asset and drops a Tampering card on the flow; B sees
 * it live, rates the threat and answers it with a High recommendation. Tests run in order.
 */
describe('threat modeling on a shared board', () => {
  let session: E2ESession
  let server: E2ESession['server']
  let a: BoardPage
  let b: BoardPage
  let am: ModelPage
  let bm: ModelPage
  const ids: Record<string, string> = {}

  const openPage = () => session.openPage({ width: 1400, height: 850 })

  beforeAll(async () => {
    session = await E2ESession.start()
    server = session.server
    a = await openPage()
    const lobby = new LobbyPage(a.page, server.url)
    await lobby.open()
    await lobby.createRoom('Checkout')
    await a.join('Alice')
    const link = await a.inviteLink('editor')
    b = await openPage()
    await b.open(link)
    await b.join('Bob')
    await a.waitForStatus('live')
    await b.waitForStatus('live')
    am = new ModelPage(a.page)
    bm = new ModelPage(b.page)
  })

  afterAll(async () => {
    await session?.dispose()
  })

  it('A draws a process and a data store joined by a flow inside a trust boundary; B sees it', async () => {
    ids.boundary = await am.addElement('trust-boundary', 'Shop VPC', { x: 40, y: 40 })
    ids.process = await am.addElement('process', 'Checkout API', { x: 100, y: 120 })
    ids.store = await am.addElement('data-store', 'Orders DB', { x: 420, y: 120 })
    const from = await am.center(ids.process)
    const to = await am.center(ids.store)
    await a.pressOnCanvas('a')
    await a.drag(from, to)
    await expect
      .poll(() => am.flows())
      .toEqual([expect.objectContaining({ start: ids.process, end: ids.store })])
    ids.flow = (await am.flows())[0]!.id
    await expect
      .poll(async () => (await bm.shapes()).map((s) => s.type).sort())
      .toEqual(['arrow', 'dfd-node', 'dfd-node', 'trust-boundary'])
    expect(
      (await bm.shapes())
        .map((s) => s.name)
        .filter(Boolean)
        .sort(),
    ).toEqual(['Checkout API', 'Orders DB', 'Shop VPC'])
  })

  it('A pins an asset and drops a Tampering card on the flow; B sees both live', async () => {
    await a.page.getByTestId('asset-name').fill('Card data')
    await a.page.getByTestId('asset-sensitivity').selectOption('restricted')
    await a.page.getByTestId('asset-add').click()
    await am.select(ids.process!)
    await a.page.getByTestId('pin-asset').click()
    await am.select(ids.flow!)
    await a.page.getByTestId('stride-tampering').click()
    await expect
      .poll(async () => (await bm.shapes()).map((s) => s.type).sort())
      .toEqual(['arrow', 'asset-pin', 'dfd-node', 'dfd-node', 'threat-card', 'trust-boundary'])
    await expect.poll(() => b.page.getByTestId('asset-pin').textContent()).toContain('Card data')
    await expect
      .poll(() => b.page.getByTestId('threat-card').textContent())
      .toContain('Tampering on')
    expect(await b.page.getByTestId('threat-row').count()).toBe(1)
  })

  it('B rates the threat Critical and answers it with a High recommendation; A sees both', async () => {
    await b.page.getByTestId('threat-severity').selectOption('critical')
    await expect.poll(() => am.cardSeverities()).toEqual(['Critical'])
    await b.page.getByTestId('rec-text').fill('Sign the order payload between API and DB')
    await b.page.getByTestId('rec-priority').selectOption('high')
    await b.page.getByTestId('rec-add').click()
    await expect
      .poll(() => am.recommendations())
      .toEqual([expect.stringContaining('Sign the order payload between API and DB')])
    expect((await am.recommendations())[0]).toContain('High')
    expect((await am.recommendations())[0]).toContain('Do this first, or get approval not to.')
  })

  it('moving the flow’s source moves the card with it, on both boards', async () => {
    const card = (await am.shapes()).find((s) => s.type === 'threat-card')!
    await a.pressOnCanvas('Escape')
    await a.pressOnCanvas('v')
    // Grab the process by its top part, away from the flow's handle at its centre.
    const center = await am.center(ids.process!)
    const from = { x: center.x, y: center.y - 25 }
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
    await expect.poll(() => bm.cardSeverities()).toEqual(['Critical'])
    await expect.poll(() => bm.recommendations()).toHaveLength(1)
    if (process.env.SCREENSHOT_DIR)
      await a.page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/threat-model.png` })
  })

  it('filters threats and undoes a model edit without touching others’ work', async () => {
    await b.page.getByTestId('filter-category').selectOption('spoofing')
    expect(await b.page.getByTestId('threat-row').count()).toBe(0)
    await b.page.getByTestId('filter-category').selectOption('tampering')
    expect(await b.page.getByTestId('threat-row').count()).toBe(1)
    await b.page.getByTestId('filter-category').selectOption('')
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

  it('raised no uncaught error and no Content-Security-Policy violation', () => {
    expect(session.log.errors).toEqual([])
  })
})

// Builds a realistic board through the UI (a small web shop's checkout: 7 elements, 4 flows,
// 3 assets, 6 threat cards, 4 recommendations) against the real server and saves
// docs/screenshot-board.png. Run after `pnpm build`: node scripts/screenshot-board.ts
import path from 'node:path'
import { BoardPage } from '../client/e2e/fixtures/BoardPage.ts'
import { launchBrowser } from '../shared/src/testing/browser.ts'
import { LobbyPage } from '../client/e2e/fixtures/LobbyPage.ts'
import { ModelPage } from '../client/e2e/fixtures/ModelPage.ts'
import { ServerProcess } from '../client/e2e/fixtures/ServerProcess.ts'

const server = await ServerProcess.start()
const browser = await launchBrowser()
try {
  const page = await (
    await browser.newContext({ viewport: { width: 1600, height: 900 } })
  ).newPage()
  const board = new BoardPage(page)
  const lobby = new LobbyPage(page, server.url)
  await lobby.open()
  await lobby.createRoom('Web shop checkout')
  await board.join('Ada')
  const m = new ModelPage(page)
  const id: Record<string, string> = {}
  id.vpc = await m.addElement('trust-boundary', 'Shop VPC', { x: 280, y: 40 })
  await page.evaluate(() => {
    const e = window.__tbEditor!
    e.updateShape({
      id: e.getOnlySelectedShapeId()!,
      type: 'trust-boundary',
      props: { w: 820, h: 620 },
    })
  })
  id.browser = await m.addElement('external-entity', 'Customer browser', { x: 0, y: 200 })
  id.web = await m.addElement('process', 'Web storefront', { x: 340, y: 200 })
  id.api = await m.addElement('process', 'Checkout API', { x: 720, y: 200 })
  id.db = await m.addElement('data-store', 'Orders DB', { x: 720, y: 500 })
  id.admin = await m.addElement('external-entity', 'Back-office staff', { x: 340, y: 500 })
  id.psp = await m.addElement('external-entity', 'Payment provider', { x: 1180, y: 200 })
  await page.evaluate(() => {
    // The payment provider is outside the team's scope.
    const e = window.__tbEditor!
    e.updateShape({ id: e.getOnlySelectedShapeId()!, type: 'dfd-node', props: { inScope: false } })
  })
  await page.evaluate(() => {
    window.__tbEditor!.setCamera({ x: 30, y: 40, z: 0.75 })
  })
  const flow = async (from: string, to: string) => {
    // Nothing selected, so the canvas panel does not cover the left of the board.
    await page.evaluate(() => {
      window.__tbEditor!.selectNone()
    })
    await board.pressOnCanvas('Escape')
    await board.pressOnCanvas('a')
    await board.drag(await m.center(from), await m.center(to))
    return (await m.flows()).at(-1)!.id
  }
  id.f1 = await flow(id.browser, id.web)
  id.f2 = await flow(id.web, id.api)
  id.f3 = await flow(id.api, id.db)
  id.f4 = await flow(id.api, id.psp)
  for (const [name, sensitivity] of [
    ['Saved card tokens', 'restricted'],
    ['Order history', 'confidential'],
    ['Customer accounts', 'confidential'],
  ]) {
    await page.getByTestId('asset-name').fill(name!)
    await page.getByTestId('asset-sensitivity').selectOption(sensitivity!)
    await page.getByTestId('asset-add').click()
  }
  await m.select(id.db)
  await page.getByTestId('pin-asset').first().click()
  for (const [target, category] of [
    [id.web, 'spoofing'],
    [id.f2, 'tampering'],
    [id.db, 'information-disclosure'],
    [id.admin, 'repudiation'],
    [id.api, 'denial-of-service'],
    [id.web, 'elevation-of-privilege'],
  ]) {
    await m.select(target!)
    await page.getByTestId(`palette-${category}`).click()
  }
  const severities = ['critical', 'high', 'high', 'medium', 'medium', 'high']
  const selects = page.getByTestId('threat-severity')
  for (let i = 0; i < severities.length; i++) await selects.nth(i).selectOption(severities[i]!)
  const threatOptions = await page.getByTestId('rec-threat').locator('option').allTextContents()
  for (const [text, priority, threat] of [
    ['Re-authenticate before charging a saved card', 'high', 0],
    ['Recompute the total on the server; sign the basket', 'high', 1],
    ['Encrypt backups; restrict the key to on-call', 'medium', 2],
    ['Log refunds with the staff member’s identity', 'low', 3],
  ] as const) {
    await page.getByTestId('rec-text').fill(text)
    await page.getByTestId('rec-priority').selectOption(priority)
    await page.getByTestId('rec-threat').selectOption({ label: threatOptions[threat]! })
    await page.getByTestId('rec-add').click()
  }
  await page.getByTestId('session-inScope').fill('Web storefront\nCheckout API\nOrders DB')
  await page.getByTestId('session-outOfScope').fill('Payment provider internals')
  await page
    .getByTestId('session-goals')
    .fill('One-click checkout without weakening payment security')
  await page.getByTestId('session-inScope').focus()
  await page.evaluate(() => {
    window.__tbEditor!.selectNone()
  })
  await page.getByTestId('security-panel').evaluate((el) => el.scrollTo(0, 0))
  await page.waitForTimeout(500)
  const out = path.join(import.meta.dirname, '..', 'docs', 'screenshot-board.png')
  await page.screenshot({ path: out })
  console.log(`wrote ${out}`)
} finally {
  await browser.close()
  await server.dispose()
}

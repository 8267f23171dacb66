// Builds a realistic board through the UI against the real server — a subscription billing
// system: 7 elements, a trust boundary, 8 labelled flows (two of them between the same two
// elements), 3 pinned assets, 8 threat cards, 4 recommendations — and saves it as a person sees
// it on a laptop (docs/screenshot-board.png, 1440×900, an element selected) and on a phone
// (docs/screenshot-board-phone.png, 390×844, a second person working on the web app), and two
// people on it side by side (docs/screenshot-two-people.png: each sees the other's cursor).
// Run after `pnpm build`: node scripts/screenshot-board.ts
// EXPORT_SVG=<file> also saves the board as tldraw's "Export as SVG" draws it.
import path from 'node:path'
import { BoardPage } from '../client/e2e/fixtures/BoardPage.ts'
import { CanvasPage } from '../client/e2e/fixtures/CanvasPage.ts'
import { launchBrowser } from '../shared/src/testing/browser.ts'
import { LobbyPage } from '../client/e2e/fixtures/LobbyPage.ts'
import { ModelPage } from '../client/e2e/fixtures/ModelPage.ts'
import { ServerProcess } from '../client/e2e/fixtures/ServerProcess.ts'

const docs = path.join(import.meta.dirname, '..', 'docs')
const server = await ServerProcess.start()
const browser = await launchBrowser()
try {
  const page = await (
    await browser.newContext({ viewport: { width: 1440, height: 900 } })
  ).newPage()
  const board = new BoardPage(page)
  const canvas = new CanvasPage(page)
  const lobby = new LobbyPage(page, server.url)
  await lobby.open()
  await lobby.createRoom('Subscription billing')
  await board.join('Ada')
  const inviteLink = await board.inviteLink('editor')
  const m = new ModelPage(page)
  const id: Record<string, string> = {}
  const camera = () =>
    page.evaluate(() => {
      window.__tbEditor!.setCamera({ x: 60, y: 260, z: 0.62 })
    })
  await camera()
  id.vpc = await m.addElement('trust-boundary', 'Billing VPC', { x: 330, y: 150 })
  await page.evaluate(() => {
    const e = window.__tbEditor!
    e.updateShape({
      id: e.getOnlySelectedShapeId()!,
      type: 'trust-boundary',
      props: { w: 1060, h: 560 },
    })
  })
  id.browser = await m.addElement('external-entity', 'Customer browser', { x: 0, y: 250 })
  id.web = await m.addElement('process', 'Billing web app', { x: 400, y: 240 })
  id.psp = await m.addElement('external-entity', 'Payment provider', { x: 400, y: -160 })
  await page.evaluate(() => {
    // The payment provider is outside the team's scope.
    const e = window.__tbEditor!
    e.updateShape({ id: e.getOnlySelectedShapeId()!, type: 'dfd-node', props: { inScope: false } })
  })
  id.db = await m.addElement('data-store', 'Billing database', { x: 400, y: 540 })
  id.queue = await m.addElement('data-store', 'Invoice queue', { x: 820, y: 250 })
  id.worker = await m.addElement('process', 'Invoice PDF worker', { x: 1160, y: 240 })
  id.staff = await m.addElement('external-entity', 'Finance staff', { x: 1160, y: 540 })
  await camera()
  const flow = async (from: string, to: string, label: string) => {
    // Nothing selected, so no panel covers where the flow starts or ends.
    await page.evaluate(() => {
      window.__tbEditor!.selectNone()
    })
    await canvas.press('Escape')
    await canvas.press('a')
    await board.drag(await m.center(from), await m.center(to))
    const flowId = (await m.flows()).at(-1)!.id
    await m.select(flowId)
    await page.getByTestId('flow-label').fill(label)
    await page.getByTestId('flow-label').press('Enter')
    return flowId
  }
  const flags = async (flowId: string, protocol: string, encrypted: boolean, pub: boolean) => {
    await m.select(flowId)
    await page.getByTestId('flow-protocol').fill(protocol)
    await page.getByTestId('flow-protocol').press('Enter')
    if (encrypted) await page.getByTestId('flow-encrypted').check()
    if (pub) await page.getByTestId('flow-public').check()
  }
  id.f1 = await flow(id.browser, id.web, 'Plan changes & card details')
  id.f2 = await flow(id.web, id.psp, 'Charge requests')
  id.f3 = await flow(id.psp, id.web, 'Payment webhooks')
  id.f4 = await flow(id.web, id.db, 'Subscriptions & invoices')
  id.f5 = await flow(id.web, id.queue, 'Invoice jobs')
  id.f6 = await flow(id.queue, id.worker, 'Invoice jobs')
  id.f7 = await flow(id.worker, id.staff, 'Invoice PDFs')
  id.f8 = await flow(id.staff, id.db, 'Refunds & credit notes')
  await flags(id.f1, 'HTTPS', true, true)
  await flags(id.f3, 'HTTPS', false, true)
  await flags(id.f5, 'AMQP', false, false)
  for (const [name, sensitivity] of [
    ['Card tokens', 'restricted'],
    ['Invoices & billing addresses', 'confidential'],
    ['Webhook signing secret', 'restricted'],
  ]) {
    await page.getByTestId('asset-name').fill(name!)
    await page.getByTestId('asset-sensitivity').selectOption(sensitivity!)
    await page.getByTestId('asset-add').click()
  }
  await m.select(id.db)
  await page.getByTestId('pin-asset').nth(0).click()
  await m.select(id.db)
  await page.getByTestId('pin-asset').nth(1).click()
  await m.select(id.web)
  await page.getByTestId('pin-asset').nth(2).click()
  for (const [target, category] of [
    [id.f3, 'spoofing'],
    [id.web, 'elevation-of-privilege'],
    [id.f1, 'tampering'],
    [id.db, 'information-disclosure'],
    [id.staff, 'repudiation'],
    [id.queue, 'denial-of-service'],
    [id.web, 'spoofing'],
    [id.worker, 'information-disclosure'],
  ]) {
    await m.select(target!)
    await page.getByTestId(`palette-${category}`).click()
  }
  // Two cards get the titles a team would write, edited in place on the card.
  const fitAll = (on = page) =>
    on.evaluate(() => {
      const e = window.__tbEditor!
      e.zoomToBounds(e.getCurrentPageBounds()!, { targetZoom: 1, inset: 40 })
    })
  await fitAll()
  const retitle = async (index: number, title: string) => {
    const at = await page.evaluate((index) => {
      const e = window.__tbEditor!
      const card = e.getCurrentPageShapes().filter((s) => s.type === 'threat-card')[index]!
      const b = e.getShapePageBounds(card)!
      return e.pageToScreen({ x: b.minX + 60, y: b.minY + 14 })
    }, index)
    await page.mouse.dblclick(at.x, at.y)
    const input = page.getByTestId('card-title-input')
    await input.fill(title)
    await input.press('Enter')
  }
  await retitle(0, 'Forged payment webhook marks an unpaid invoice as paid')
  await retitle(1, 'Customer reaches another tenant’s invoices by changing the account id')
  const severities = ['critical', 'high', 'high', 'medium', 'medium', 'high', 'low', 'medium']
  const selects = page.getByTestId('threat-severity')
  for (let i = 0; i < severities.length; i++) await selects.nth(i).selectOption(severities[i]!)
  const threatOptions = await page.getByTestId('rec-threat').locator('option').allTextContents()
  for (const [text, priority, threat] of [
    ['Verify the provider’s webhook signature and replay window', 'high', 0],
    ['Authorise every invoice read against the session’s tenant', 'high', 1],
    ['Encrypt the billing database backups; restrict the key', 'medium', 3],
    ['Log refunds with the staff member’s identity', 'low', 4],
  ] as const) {
    await page.getByTestId('rec-text').fill(text)
    await page.getByTestId('rec-priority').selectOption(priority)
    await page.getByTestId('rec-threat').selectOption({ label: threatOptions[threat]! })
    await page.getByTestId('rec-add').click()
  }
  await page.getByTestId('session-inScope').fill('Billing web app\nInvoice pipeline\nBilling DB')
  await page.getByTestId('session-outOfScope').fill('Payment provider internals')
  await page.getByTestId('session-goals').fill('Self-service plan changes without payment fraud')
  await page.getByTestId('security-panel').evaluate((el) => el.scrollTo(0, 0))
  // The laptop view: the whole model, the web app selected with its canvas panel beside it.
  await fitAll()
  await m.select(id.web)
  // The prompts folded, the panel takes only the top right corner of the board.
  await page.locator('.tb-cpanel__toggle').click()
  await page.waitForTimeout(800)
  if (process.env.EXPORT_SVG) {
    const svg = await canvas.exportSvg()
    const { writeFileSync } = await import('node:fs')
    writeFileSync(process.env.EXPORT_SVG, svg)
  }
  const laptop = path.join(docs, 'screenshot-board.png')
  await page.screenshot({ path: laptop })
  console.log(`wrote ${laptop}`)

  // Two people on it: Bea joins on her laptop and selects the invoice queue while Ada points at
  // the webhook's card; each sees the other's cursor, name and selection.
  const bea = new BoardPage(
    await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage(),
  )
  await bea.open(inviteLink)
  await bea.join('Bea')
  await bea.waitForStatus('live')
  await page.evaluate(() => {
    window.__tbEditor!.selectNone()
  })
  await fitAll()
  await fitAll(bea.page)
  await new ModelPage(bea.page).select(id.queue)
  await bea.page.locator('.tb-cpanel__toggle').click()
  await bea.moveMouse(await new ModelPage(bea.page).center(id.queue))
  await board.moveMouse(await m.center(id.f3))
  await page.waitForTimeout(1200)
  const side = await Promise.all([page.screenshot(), bea.page.screenshot()])
  const two = await (await browser.newContext({ viewport: { width: 2312, height: 800 } })).newPage()
  const figure = (png: Buffer, who: string) =>
    `<figure><figcaption>${who}’s browser</figcaption><img src="data:image/png;base64,${png.toString('base64')}"></figure>`
  await two.setContent(
    `<style>
      body { margin: 0; padding: 16px; display: flex; gap: 16px; background: #e9ecf1;
             font: 14px system-ui, sans-serif; color: #3d4550; }
      figure { margin: 0; flex: 1; border-radius: 8px; overflow: hidden; background: #fff;
               box-shadow: 0 2px 8px rgb(0 0 0 / 18%); }
      figcaption { padding: 6px 12px; background: #f4f5f7; border-bottom: 1px solid #dfe3e8; }
      img { display: block; width: 100%; }
    </style>${figure(side[0], 'Ada')}${figure(side[1], 'Bea')}`,
  )
  const pair = path.join(docs, 'screenshot-two-people.png')
  await two.screenshot({ path: pair, fullPage: true })
  console.log(`wrote ${pair}`)
  await bea.page.context().close()

  // The phone view: someone joins on their phone and lands on the whole model.
  const phone = new BoardPage(
    await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage(),
  )
  await phone.open(inviteLink)
  await phone.join('Sam')
  await phone.waitForStatus('live')
  // Landed on the whole model, Sam zooms in on the web app and selects it: the canvas panel
  // is a sheet at the bottom, and the board slides so the element stays above it.
  await phone.page.evaluate((id) => {
    const e = window.__tbEditor!
    const b = e.getShapePageBounds(id as never)!
    e.centerOnPoint({ x: b.midX, y: b.midY + 60 }, { animation: undefined })
    e.setCamera({ ...e.getCamera(), z: 0.85 })
    e.centerOnPoint({ x: b.midX, y: b.midY + 60 })
    e.select(id as never)
  }, id.web)
  // The notice that part of the model is out of view has been read: closed, as Sam would.
  const notice = phone.page.locator('.tlui-toast__container').getByRole('button', { name: 'Close' })
  if (await notice.count()) await notice.first().click()
  await phone.page.waitForTimeout(1200)
  const small = path.join(docs, 'screenshot-board-phone.png')
  await phone.page.screenshot({ path: small })
  console.log(`wrote ${small}`)
} finally {
  await browser.close()
  await server.dispose()
}

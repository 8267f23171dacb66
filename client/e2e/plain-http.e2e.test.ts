import { networkInterfaces } from 'node:os'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '@threatboard/shared/testing/browser'
import { CanvasPage } from './fixtures/CanvasPage.ts'
import { LobbyPage } from './fixtures/LobbyPage.ts'
import { ModelPage } from './fixtures/ModelPage.ts'
import { PageLog } from './fixtures/PageLog.ts'
import { ServerProcess } from './fixtures/ServerProcess.ts'

/** This machine's first IPv4 address that is not loopback, as a LAN colleague would type it. */
function lanAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address
}

const address = lanAddress()
const onCi = process.env.CI === 'true'
if (!address && !onCi) {
  console.warn(
    'plain-http.e2e: skipped, this machine has no non-loopback IPv4 address (on CI it fails)',
  )
}

/**
 * A team on a LAN runs the server with HOST=0.0.0.0 and opens it by the machine's address over
 * plain HTTP. That page is not a secure context, so browser APIs reserved to HTTPS and localhost
 * (`crypto.randomUUID`, the clipboard) are missing; everything a person does must still work.
 */
describe.skipIf(!address && !onCi)('the app over plain HTTP, opened by a LAN address', () => {
  let server: ServerProcess
  let browser: Browser
  const log = new PageLog()

  beforeAll(async () => {
    if (!address) return
    server = await ServerProcess.start({ host: '0.0.0.0' })
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.dispose()
  })

  it('creates a room, an element, a threat on it and an asset, with no page error', async () => {
    if (!address) throw new Error('CI=true and no non-loopback IPv4 address: cannot run this test')
    const context = await browser.newContext({ viewport: { width: 1400, height: 850 } })
    const page = await context.newPage()
    log.record(page)

    const origin = server.urlAt(address)
    const lobby = new LobbyPage(page, origin)
    await lobby.open()
    // The premise: this origin is really not a secure context, so the test means something.
    expect(
      await page.evaluate(() => ({
        secure: window.isSecureContext,
        randomUUID: typeof crypto.randomUUID,
      })),
    ).toEqual({ secure: false, randomUUID: 'undefined' })

    const roomUrl = await lobby.createRoom('LAN workshop')
    expect(new URL(roomUrl).host).toBe(new URL(origin).host)
    const canvas = new CanvasPage(page)
    await canvas.join('Lan')
    await canvas.waitForStatus('live')

    const model = new ModelPage(page)
    const processId = await model.addElement('process', 'Billing API', { x: 200, y: 200 })
    await model.select(processId)
    await canvas.dropCard('tampering')
    await page.getByTestId('asset-name').fill('Invoices')
    await page.getByTestId('asset-add').click()

    // Polled with the page's uncaught errors and the messages it shows, so a failure says what
    // went wrong in the page.
    await expect
      .poll(async () => ({
        cards: await canvas.cardTitles(),
        threats: await page.getByTestId('threat-row').count(),
        assets: await page.getByTestId('asset-row').allTextContents(),
        errors: log.errors,
        alerts: await page.getByRole('alert').allTextContents(),
      }))
      .toEqual({
        cards: ['Tampering on Billing API'],
        threats: 1,
        assets: [expect.stringContaining('Invoices')],
        errors: [],
        alerts: [],
      })
    expect((await model.shapes()).map((s) => s.type).sort()).toEqual(['dfd-node', 'threat-card'])
    // Every request went to the address the person typed: nothing to loopback, nothing outside.
    expect(log.foreign(origin)).toEqual([])
    await context.close()
  })
})

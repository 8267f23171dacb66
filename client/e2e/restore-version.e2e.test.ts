import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BoardPage } from './fixtures/BoardPage.ts'
import { E2ESession } from './fixtures/E2ESession.ts'
import { ModelPage } from './fixtures/ModelPage.ts'

/**
 * Issue 11: the owner puts a saved version back as the live board, after confirming, and the
 * editor's board follows. Needs `POST /api/rooms/:id/versions/:version/restore` (owner only).
 */
describe('restoring a saved version', () => {
  let session: E2ESession
  let owner: BoardPage
  let editor: BoardPage
  let om: ModelPage
  let em: ModelPage
  const names = async (m: ModelPage) =>
    (await m.shapes())
      .map((s) => s.name)
      .filter(Boolean)
      .sort()

  beforeAll(async () => {
    session = await E2ESession.start()
    owner = await session.owner('Billing', 'Olga', { width: 1400, height: 900 })
    editor = await session.invitee(await owner.inviteLink('editor'), 'Eddie', {
      width: 1400,
      height: 900,
    })
    await owner.waitForStatus('live')
    await editor.waitForStatus('live')
    om = new ModelPage(owner.page)
    em = new ModelPage(editor.page)
  })

  afterAll(async () => {
    await session?.dispose()
  })

  it('puts the saved board back for everyone once the owner confirms', async () => {
    await om.addElement('process', 'Billing API', { x: 420, y: 300 })
    await owner.saveVersion('Before the rework')
    await owner.page.getByTestId('restore-version').waitFor()
    await em.addElement('data-store', 'Scratch DB', { x: 760, y: 300 })
    await expect.poll(() => names(om)).toEqual(['Billing API', 'Scratch DB'])

    // The server's answer is held back, so the owner can be seen waiting for it.
    let answer!: () => void
    const answered = new Promise<void>((resolve) => (answer = resolve))
    await owner.page.route('**/versions/*/restore', async (route) => {
      await answered
      await route.continue()
    })
    const restore = owner.page.getByTestId('restore-version')
    await restore.click()
    await owner.page.locator('dialog[open]').getByTestId('confirm-ok').click()
    try {
      await expect
        .poll(() => owner.page.getByTestId('report-status').textContent())
        .toBe('Restoring version 1…')
      // While it restores, the button waits: a second click would restore it twice.
      expect(await restore.isDisabled()).toBe(true)
    } finally {
      answer()
    }
    await expect
      .poll(() => owner.page.getByTestId('report-status').textContent())
      .toBe('Restored version 1: Before the rework')
    expect(await restore.isDisabled()).toBe(false)
    await owner.page.unroute('**/versions/*/restore')
    await expect.poll(() => names(em), { timeout: 15_000 }).toEqual(['Billing API'])
    await expect.poll(() => names(om), { timeout: 15_000 }).toEqual(['Billing API'])
  })

  it('restores from the version itself: the owner looks, restores, and is back on the live board', async () => {
    await em.addElement('external-entity', 'Partner bank', { x: 420, y: 560 })
    await expect.poll(() => names(om)).toEqual(['Billing API', 'Partner bank'])

    // The editor opens the version read-only and finds no way to restore it.
    await editor.page.getByTestId('open-version').first().click()
    await editor.page.getByTestId('version-badge').waitFor()
    expect(await editor.page.getByTestId('restore-this-version').count()).toBe(0)

    // The version's banner gives its date as the list does ("Olga · Dec 4, 2026, 6:19 PM").
    const listed = (await owner.page
      .getByTestId('version')
      .first()
      .locator('.tb-muted')
      .textContent())!
    const saved = listed.slice(listed.indexOf(' · ') + 3)
    await owner.page.getByTestId('open-version').first().click()
    await owner.page.getByTestId('version-badge').waitFor()
    expect(await owner.page.getByTestId('version-banner').textContent()).toContain(
      `Saved by Olga on ${saved}.`,
    )
    const restore = owner.page.getByTestId('restore-this-version')
    await restore.click()
    const dialog = owner.page.locator('dialog[open]')
    expect(await dialog.textContent()).toContain('Before the rework')
    // Cancel keeps the live board as it is and the owner on the version.
    await dialog.getByTestId('confirm-cancel').click()
    await expect.poll(() => dialog.count()).toBe(0)
    expect(await restore.isVisible()).toBe(true)

    await restore.click()
    await dialog.getByTestId('confirm-ok').click()
    await owner.page.waitForURL((url) => !url.pathname.includes('/v/'))
    await owner.waitForStatus('live')
    await expect
      .poll(() => names(new ModelPage(owner.page)), { timeout: 15_000 })
      .toEqual(['Billing API'])
    await editor.page.getByTestId('back-to-live').click()
    await editor.waitForStatus('live')
    await expect
      .poll(() => names(new ModelPage(editor.page)), { timeout: 15_000 })
      .toEqual(['Billing API'])
  })

  it('on a phone a version keeps its canvas, its header on screen, its downloads below', async () => {
    // The downloads' column took 320 of 390 px and the header ran off the screen.
    // Opened from its link, as someone sent it (the live board's drawer is closed on a phone).
    const href = await owner.page.getByTestId('open-version').first().getAttribute('href')
    await owner.page.setViewportSize({ width: 390, height: 844 })
    await owner.page.goto(new URL(href!, owner.page.url()).href)
    await owner.page.getByTestId('version-badge').waitFor()
    const box = async (selector: string) =>
      (await owner.page.locator(selector).first().boundingBox())!
    const canvas = await box('.tl-container')
    expect(canvas.width).toBeGreaterThanOrEqual(380)
    expect(canvas.height).toBeGreaterThanOrEqual(300)
    const downloads = await box('[aria-label="Version downloads"]')
    expect(downloads.y).toBeGreaterThanOrEqual(canvas.y + canvas.height - 1)
    expect(downloads.x + downloads.width).toBeLessThanOrEqual(390)
    for (const id of ['version-badge', 'restore-this-version', 'back-to-live']) {
      const b = (await owner.page.getByTestId(id).boundingBox())!
      expect(b.x + b.width, id).toBeLessThanOrEqual(390)
    }
    expect(await owner.page.evaluate(() => document.documentElement.scrollWidth)).toBe(390)
  })
})

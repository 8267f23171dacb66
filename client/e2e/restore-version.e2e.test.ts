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

    await owner.page.getByTestId('restore-version').click()
    await owner.page.getByTestId('restore-confirm').click()
    await expect
      .poll(() => owner.page.getByTestId('report-status').textContent())
      .toBe('Restored version 1: Before the rework')
    await expect.poll(() => names(em), { timeout: 15_000 }).toEqual(['Billing API'])
    await expect.poll(() => names(om), { timeout: 15_000 }).toEqual(['Billing API'])
  })
})

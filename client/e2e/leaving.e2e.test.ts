import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Dialog } from 'playwright-core'
import type { BoardPage } from './fixtures/BoardPage.ts'
import { E2ESession } from './fixtures/E2ESession.ts'
import { ModelPage, openDetails } from './fixtures/ModelPage.ts'

/**
 * Bob leaves the room, or reloads it, while writing: what leaving a field would save is saved
 * on the way out, and what is not saved until it is sent (a recommendation, an exception) is
 * asked about first. Alice watches what reached the room.
 */
describe('leaving a room while writing', () => {
  let session: E2ESession
  let a: BoardPage
  let b: BoardPage
  /** The browser's own questions to Bob (before a reload), by kind. */
  const dialogs: string[] = []
  const rowOf = (page: BoardPage) => page.page.getByTestId('threat-row').first()

  beforeAll(async () => {
    session = await E2ESession.start()
    a = await session.owner('Leaving', 'Alice', { width: 1300, height: 800 }, 'web-app')
    const node = (await a.shapes()).find((s) => s.type === 'dfd-node')!
    await new ModelPage(a.page).addThreat(node.id)
    b = await session.invitee(await a.inviteLink('editor'), 'Bob', { width: 1300, height: 800 })
    await b.waitForStatus('live')
    b.page.on('dialog', (d: Dialog) => {
      dialogs.push(d.type())
      void d.dismiss()
    })
  })

  afterAll(async () => {
    await session?.dispose()
  })

  it('saves the field Bob was typing in when he reloads the page, without asking', async () => {
    await openDetails(rowOf(b))
    await rowOf(b).getByTestId('threat-description').click()
    await b.page.keyboard.type('Typed, then the page reloaded')
    await b.page.reload()
    await b.waitForStatus('live')
    expect(dialogs).toEqual([])
    await openDetails(rowOf(a))
    await expect
      .poll(() => rowOf(a).getByTestId('threat-description').inputValue())
      .toBe('Typed, then the page reloaded')
  })

  it('asks before a recommendation not yet added is lost, and leaves only when told to', async () => {
    await b.page.getByTestId('rec-text').fill('Sign every order change')
    await b.page.getByTestId('back-to-lobby').click()
    const ask = b.page.getByTestId('confirm-dialog')
    await ask.waitFor()
    expect(await ask.locator('h2').textContent()).toBe('Leave the room with work not saved?')
    expect(await ask.locator('p').textContent()).toBe(
      'Not saved yet: the recommendation you were writing. It is lost if you leave now.',
    )
    // Cancel: still in the room, the text as it was.
    await ask.getByTestId('confirm-cancel').click()
    expect(new URL(b.page.url()).pathname).toMatch(/^\/r\//)
    expect(await b.page.getByTestId('rec-text').inputValue()).toBe('Sign every order change')
    // A mitigation typed meanwhile is saved when he then leaves, whatever he answers.
    await openDetails(rowOf(b))
    await rowOf(b).getByTestId('threat-mitigation').click()
    await b.page.keyboard.type('Check the order owner')
    await b.page.getByTestId('back-to-lobby').click()
    await ask.waitFor()
    await rowOf(a).getByTestId('threat-mitigation').waitFor()
    await expect
      .poll(() => rowOf(a).getByTestId('threat-mitigation').inputValue())
      .toBe('Check the order owner')
    await ask.getByTestId('confirm-ok').click()
    await b.page.waitForURL((url) => url.pathname === '/')
    expect(dialogs).toEqual([])
  })

  it('has the browser ask before a reload loses an exception half written', async () => {
    await b.page.goBack()
    await b.waitForStatus('live')
    // Alice adds a recommendation; Bob starts an exception to it.
    await a.page.getByTestId('rec-text').fill('Sign every order change')
    await a.page.getByTestId('rec-add').click()
    const rec = b.page.getByTestId('recommendation').first()
    await rec.getByTestId('rec-status-select').selectOption('exception')
    await rec.getByTestId('exception-approver').fill('Dana (CISO)')
    // Bob answers to stay: the reload does not happen, and the exception is still there.
    await b.page.reload({ timeout: 3000 }).catch(() => undefined)
    expect(dialogs).toEqual(['beforeunload'])
    expect(await rec.getByTestId('exception-approver').inputValue()).toBe('Dana (CISO)')
  })

  it('asks when the browser’s Back would leave a hint or recommendation not yet added', async () => {
    // Bob leaves without the exception, and comes back from the lobby's list.
    await b.page.getByTestId('back-to-lobby').click()
    const ask = b.page.getByTestId('confirm-dialog')
    await ask.getByTestId('confirm-ok').click()
    await b.page.waitForURL((url) => url.pathname === '/')
    const roomPath = new URL(a.page.url()).pathname
    await b.page.getByTestId('room-list-item').getByRole('link').click()
    await b.page.waitForURL((url) => url.pathname === roomPath)
    await b.waitForStatus('live')
    await b.page.getByTestId('rec-text').fill('Rate-limit the order API')
    // Back: asked first, the room still shown; Cancel keeps him there with his text.
    await b.page.goBack()
    await ask.waitFor()
    expect(await ask.locator('p').textContent()).toBe(
      'Not saved yet: the recommendation you were writing. It is lost if you leave now.',
    )
    expect(new URL(b.page.url()).pathname).toBe(roomPath)
    await ask.getByTestId('confirm-cancel').click()
    expect(await b.page.getByTestId('rec-text').inputValue()).toBe('Rate-limit the order API')
    expect(new URL(b.page.url()).pathname).toBe(roomPath)
    // Back again, and this time he goes: the lobby.
    await b.page.goBack()
    await ask.getByTestId('confirm-ok').click()
    await b.page.waitForURL((url) => url.pathname === '/')
    await b.page.getByTestId('room-list-item').waitFor()
  })

  it('keeps what Bob was writing for him to copy when Alice revokes his link', async () => {
    await b.page.getByTestId('room-list-item').getByRole('link').click()
    await b.waitForStatus('live')
    await b.page.getByTestId('rec-text').fill('Sign every webhook payload')
    await openDetails(rowOf(b))
    await rowOf(b).getByTestId('threat-description').click()
    await b.page.keyboard.press('ControlOrMeta+a')
    await b.page.keyboard.type('Replayed webhooks\nmark orders paid twice')
    // Alice revokes the editor link Bob joined with, while his text is in the form and the field.
    await a.page.getByTestId('invite-button').click()
    await a.page.getByTestId('revoke-editor').click()
    await a.page.locator('dialog[open]').getByTestId('confirm-ok').click()
    const fatal = b.page.getByTestId('fatal')
    await expect.poll(() => fatal.textContent()).toContain('revoked')
    const kept = fatal.getByTestId('kept-draft')
    await expect.poll(() => kept.count()).toBe(2)
    expect(await fatal.getByTestId('kept-drafts').locator('p').first().textContent()).toBe(
      'What you were writing was not saved. Copy it before you leave this page:',
    )
    const texts = await fatal
      .getByTestId('kept-draft-text')
      .evaluateAll((boxes) =>
        boxes.map((box) => [
          box.closest('label')!.firstChild!.textContent,
          (box as HTMLTextAreaElement).value,
        ]),
      )
    expect(texts).toEqual(
      expect.arrayContaining([
        ['The recommendation you were writing', 'Sign every webhook payload'],
        ['What you typed in “Description”', 'Replayed webhooks\nmark orders paid twice'],
      ]),
    )
    // The keyboard is on the first, its text selected, ready for Ctrl+C; Copy text says what it did.
    expect(
      await b.page.evaluate(() => {
        const box = document.activeElement as HTMLTextAreaElement
        return box.dataset.testid === 'kept-draft-text' && box.selectionEnd - box.selectionStart
      }),
    ).toBe((await fatal.getByTestId('kept-draft-text').first().inputValue()).length)
    if (process.env.SCREENSHOT_DIR) {
      await b.page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/kept-drafts.png` })
    }
    await kept.first().getByRole('button', { name: 'Copy text' }).click()
    await expect
      .poll(() => kept.first().getByRole('status').textContent())
      .toMatch(/^(Copied\.|Selected: press Ctrl\+C)/)
  })
})

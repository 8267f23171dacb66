import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { BoardPage } from './fixtures/BoardPage.ts'
import { E2ESession } from './fixtures/E2ESession.ts'
import { LobbyPage } from './fixtures/LobbyPage.ts'

const ADMIN_TOKEN = 'e2e-admin-token-0123456789'
const STORED = 'threatboard.adminToken'

/** The data-testid of the element with the keyboard. */
const focused = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null)

const stored = (page: Page) => page.evaluate((key) => localStorage.getItem(key), STORED)

/**
 * A shared server started with ADMIN_TOKEN: only its administrator lists and creates rooms in the
 * lobby; everyone else reaches rooms through invite links. What the lobby says and does with a
 * token that is missing, wrong, right, or kept from before the server's token changed.
 */
describe('the lobby of a server with an admin token', () => {
  let session: E2ESession
  let priya: BoardPage
  let lobby: LobbyPage
  let editorLink: string

  beforeAll(async () => {
    session = await E2ESession.start({ env: { ADMIN_TOKEN } })
    priya = await session.openPage()
    lobby = new LobbyPage(priya.page, session.server.url)
    await lobby.open()
  })
  afterAll(() => session?.dispose())

  it('asks for the token, and says how to get a room without it', async () => {
    const page = priya.page
    await page.getByTestId('admin-token-form').waitFor()
    expect(await page.getByTestId('room-title-input').count()).toBe(0)
    expect(await page.getByTestId('rooms-empty').textContent()).toBe(
      'No rooms in this browser yet. Open one through its invite link, or enter the admin token above to create one.',
    )
    await page.getByTestId('admin-token-use').click()
    expect(await page.getByTestId('admin-token-error').textContent()).toBe('Enter the token first.')
    expect(await focused(page)).toBe('admin-token-input')
  })

  it('says so when the token is wrong, keeps the keyboard in the field and keeps no token', async () => {
    const page = priya.page
    await page.getByTestId('admin-token-input').fill('not-the-token-at-all')
    await page.getByTestId('admin-token-use').click()
    await expect
      .poll(() => page.getByTestId('admin-token-error').textContent())
      .toBe('The server refused that token: it is not this server’s ADMIN_TOKEN.')
    expect(await page.getByTestId('admin-token-input').getAttribute('aria-invalid')).toBe('true')
    expect(await focused(page)).toBe('admin-token-input')
    expect(await page.getByTestId('room-title-input').count()).toBe(0)
    expect(await stored(page)).toBeNull()
  })

  it('with the right token shows the form for a new room, the keyboard in its name', async () => {
    const page = priya.page
    await page.getByTestId('admin-token-input').fill(ADMIN_TOKEN)
    await page.keyboard.press('Enter')
    await page.getByTestId('room-title-input').waitFor()
    expect(await page.getByTestId('admin-token-form').count()).toBe(0)
    expect(await focused(page)).toBe('room-title-input')
    expect(await stored(page)).toBe(ADMIN_TOKEN)
    expect(await page.getByTestId('rooms-empty').textContent()).toBe(
      'No rooms yet. Create the first one above.',
    )
    await page.keyboard.type('Payroll export')
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/r\/[A-Za-z0-9_-]{22}$/)
    await priya.join('Priya')
    editorLink = await priya.inviteLink('editor')
    // The token is kept: back in the lobby, the form and her room.
    await lobby.open()
    await page.getByTestId('room-title-input').waitFor()
    await expect
      .poll(() => page.getByTestId('room-list-item').allTextContents())
      .toEqual([expect.stringContaining('Payroll export')])
  })

  it('someone invited sees the room in their lobby, without the token', async () => {
    const eddie = await session.invitee(editorLink, 'Eddie')
    await new LobbyPage(eddie.page, session.server.url).open()
    await eddie.page.getByTestId('admin-token-form').waitFor()
    await expect
      .poll(() => eddie.page.getByTestId('room-list-item').allTextContents())
      .toEqual([expect.stringContaining('Payroll export')])
    expect(await eddie.page.getByTestId('admin-token-error').count()).toBe(0)
  })

  it('a token this browser kept that the server no longer takes is said and forgotten', async () => {
    const other = await session.openPage()
    await other.page.goto(session.server.url)
    await other.page.evaluate(
      (key) => localStorage.setItem(key, 'the-token-before-it-changed'),
      STORED,
    )
    await other.page.reload()
    await expect
      .poll(() => other.page.getByTestId('admin-token-error').textContent())
      .toBe(
        'The server refused the admin token this browser had kept (its ADMIN_TOKEN has changed): enter the current one.',
      )
    await expect.poll(() => stored(other.page)).toBeNull()
    expect(session.log.errors).toEqual([])
  })
})

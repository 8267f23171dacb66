import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BoardPage } from './fixtures/BoardPage.ts'
import { LobbyPage } from './fixtures/LobbyPage.ts'
import { E2ESession } from './fixtures/E2ESession.ts'

const ALICE_COLOR = '#1971c2' // rgb(25, 113, 194)

/**
 * Two people (two browser contexts: separate storage, separate identities) on one board, against
 * the real server serving the built client. The tests run in order and share the room.
 */
describe('a board shared by two people', () => {
  let session: E2ESession
  let server: E2ESession['server']
  let roomUrl: string
  let alice: BoardPage
  let bob: BoardPage

  const openPage = () => session.openPage()

  beforeAll(async () => {
    session = await E2ESession.start()
    server = session.server
    alice = await openPage()
    const lobby = new LobbyPage(alice.page, server.url)
    await lobby.open()
    await lobby.createRoom('Payments API')
    await alice.join('Alice', ALICE_COLOR)
    roomUrl = await alice.inviteLink('editor')
    bob = await openPage()
    await bob.open(roomUrl)
    await bob.join('Bob')
    await alice.waitForStatus('live')
    await bob.waitForStatus('live')
  })

  afterAll(async () => {
    await session?.dispose()
  })

  it('shows each person in the other’s "who is here" list', async () => {
    await expect.poll(() => alice.people()).toEqual(['Alice (you)', 'Bob'])
    await expect.poll(() => bob.people()).toEqual(['Bob (you)', 'Alice'])
  })

  it('shows a rectangle drawn by Alice on Bob’s board', async () => {
    await alice.drawRectangle({ x: 300, y: 250 }, { x: 500, y: 380 })

    const [drawn] = await alice.shapes()
    expect(drawn).toMatchObject({ type: 'geo', geo: 'rectangle', w: 200, h: 130 })
    await expect.poll(() => bob.shapes()).toEqual([drawn])
  })

  it('shows Alice’s cursor, name and colour on Bob’s board where she points', async () => {
    await alice.moveMouse({ x: 700, y: 450 })

    // Same viewport and camera on both pages, so the same screen point (± the glyph's offset).
    // Polled: tldraw eases a remote cursor towards its new place over a few frames.
    await expect
      .poll(async () => {
        const cursor = (await bob.remoteCursors()).find((c) => c.name === 'Alice')
        return cursor && { ...cursor, near: Math.hypot(cursor.x - 700, cursor.y - 450) < 12 }
      })
      .toMatchObject({ color: 'rgb(25, 113, 194)', near: true })
  })

  it('keeps the rectangle on the server across a restart', async () => {
    const before = await bob.shapes()
    // Nobody may hold the board while the server is down, or their copy would be synced back
    // on reconnect and hide a server that lost it.
    await alice.page.goto('about:blank')
    await bob.page.goto('about:blank')

    await server.restart()
    // The invite token is remembered, so the plain room address opens it.
    await bob.open(roomUrl.replace(/#.*$/, ''))
    await bob.waitForEditor()

    await expect.poll(() => bob.shapes()).toEqual(before)
    await bob.waitForStatus('live')
  })

  it('goes offline while the server is down, keeps edits made meanwhile and syncs them', async () => {
    await alice.open(roomUrl.replace(/#.*$/, ''))
    await alice.waitForStatus('live')
    await server.stop()
    await alice.waitForStatus('offline')
    await bob.waitForStatus('offline')

    await alice.drawRectangle({ x: 600, y: 500 }, { x: 700, y: 560 })
    expect(await alice.shapes()).toHaveLength(2)

    await server.start()
    await alice.waitForStatus('live')
    await bob.waitForStatus('live')
    await expect.poll(() => bob.shapes()).toEqual(await alice.shapes())
  })

  it('shows a viewer the board live, read-only', async () => {
    const viewerLink = await alice.inviteLink('viewer')
    const carol = await openPage()
    await carol.open(viewerLink)
    await carol.join('Carol')
    await carol.waitForStatus('live')
    await expect.poll(() => carol.shapes()).toEqual(await alice.shapes())
    expect(await carol.page.getByTestId('read-only-badge').textContent()).toContain('viewer')

    expect(await carol.canPickRectangleTool()).toBe(false)
    await carol.pressOnCanvas('r')
    await carol.drag({ x: 800, y: 200 }, { x: 900, y: 260 })
    await alice.drawRectangle({ x: 200, y: 550 }, { x: 260, y: 600 })
    // Alice's third rectangle arrives; Carol's attempt never existed anywhere.
    await expect.poll(() => carol.shapes()).toHaveLength(3)
    // The last drag may still be arriving frame by frame: wait for the final size.
    const final = await alice.shapes()
    await expect.poll(() => carol.shapes()).toEqual(final)
    expect(await alice.shapes()).toEqual(final)
  })

  it('a newcomer starts on a colour no one here wears, each swatch named', async () => {
    const dave = await openPage()
    // Dave's browser prefers Alice's colour (as one in eight would, picked at random).
    await dave.page.addInitScript((color) => {
      const user = { id: 'dave-browser', name: null, color }
      localStorage.setItem('threatboard.user', JSON.stringify(user))
    }, ALICE_COLOR)
    await dave.open(roomUrl)
    const swatch = (color: string) => dave.page.locator(`input[name="color"][value="${color}"]`)
    await expect.poll(() => swatch(ALICE_COLOR).getAttribute('aria-label')).toBe('Blue (Alice’s)')
    const worn = await dave.page
      .locator('input[name="color"][aria-label$="’s)"]')
      .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))
    expect(worn.length).toBeGreaterThanOrEqual(2) // Alice's, Bob's and the viewer's
    const checked = await dave.page.locator('input[name="color"]:checked').getAttribute('value')
    expect(worn).not.toContain(checked)
    // While Dave is asked his name, no one sees an "Anonymous" arrive: he appears once named.
    // (His board has been live for a second here; it would have shown him by now.)
    await dave.page.waitForTimeout(1000)
    expect(await alice.people()).not.toContain('Anonymous')
    expect(await alice.people()).not.toContain('Dave')
    await dave.join('Dave')
    await expect.poll(() => alice.people()).toContain('Dave')
    await dave.page.context().close()
    await expect.poll(() => alice.people()).not.toContain('Dave')
  })

  it('creates no room without a name, and says so at the name', async () => {
    const dave = await openPage()
    await new LobbyPage(dave.page, server.url).open()
    await dave.page.getByTestId('room-template-select').selectOption('payment-flow')
    await dave.page.getByTestId('create-room-button').click()
    const error = dave.page.getByTestId('create-room-error')
    await expect.poll(() => error.textContent()).toContain('Name the threat model first')
    expect(
      await dave.page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
    ).toBe('room-title-input')
    expect(await dave.page.getByTestId('room-title-input').getAttribute('aria-invalid')).toBe(
      'true',
    )
    expect(dave.page.url()).toBe(`${server.url}/`)
  })

  it('asks in the page before deleting a room: Cancel keeps it, going ahead deletes it', async () => {
    const erin = await openPage()
    const lobby = new LobbyPage(erin.page, server.url)
    await lobby.open()
    await lobby.createRoom('Scratch model')
    await erin.join('Erin')
    await lobby.open()
    const row = erin.page.getByTestId('room-list-item').filter({ hasText: 'Scratch model' })
    // Back in the lobby, her room is in sight under the form for a new one, not below the
    // import and training forms.
    await row.waitFor()
    const box = (await row.boundingBox())!
    expect(box.y + box.height).toBeLessThanOrEqual(erin.page.viewportSize()!.height)
    const dialog = erin.page.locator('dialog[open]')
    await row.getByRole('button', { name: 'Delete Scratch model' }).click()
    await expect
      .poll(() => dialog.getByRole('heading').textContent())
      .toBe('Delete “Scratch model”?')
    // The safe answer has the focus; Escape is a no as well.
    expect(
      await erin.page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
    ).toBe('confirm-cancel')
    await erin.page.keyboard.press('Escape')
    await expect.poll(() => dialog.count()).toBe(0)
    await row.getByRole('button', { name: 'Delete Scratch model' }).click()
    await dialog.getByTestId('confirm-cancel').click()
    await expect.poll(() => dialog.count()).toBe(0)
    expect(await row.count()).toBe(1)
    // Going ahead from the keyboard: the dialog's first button deletes.
    await row.getByRole('button', { name: 'Delete Scratch model' }).focus()
    await erin.page.keyboard.press('Enter')
    await dialog.getByRole('button', { name: 'Delete for everyone' }).waitFor()
    await erin.page.keyboard.press('Shift+Tab')
    await erin.page.keyboard.press('Enter')
    await expect.poll(() => row.count()).toBe(0)
    // The keyboard stays in the list's section (its last room gone), not back at the page's top.
    await expect
      .poll(() => erin.page.evaluate(() => document.activeElement?.id))
      .toBe('rooms-heading')
    // Gone from the server, not only from this browser's list (no admin token is set here).
    const listed = (await (await fetch(`${server.url}/api/rooms`)).json()) as {
      rooms: { title: string }[]
    }
    expect(listed.rooms.map((r) => r.title)).toContain('Payments API')
    expect(listed.rooms.map((r) => r.title)).not.toContain('Scratch model')
  })

  it('an address the app does not have shows its own page with the way back, not the server’s JSON', async () => {
    const lost = await openPage()
    for (const address of ['/rooms', '/r/', '/r/abc/extra/bits']) {
      const res = await lost.page.goto(`${server.url}${address}`)
      expect(res!.status(), address).toBe(404)
      await expect
        .poll(() => lost.page.getByTestId('not-found').textContent())
        .toContain('There is no page at this address.')
      expect(await lost.page.title()).toBe('Not found · Threatboard')
    }
    await lost.page.getByRole('link', { name: 'Back to the rooms' }).click()
    await lost.page.getByTestId('room-title-input').waitFor()
    expect(new URL(lost.page.url()).pathname).toBe('/')
  })

  it('raised no uncaught error and no Content-Security-Policy violation', () => {
    expect(session.log.errors).toEqual([])
  })

  it('never requests anything from another origin', () => {
    // The fonts prove the tldraw assets were loaded, and from here.
    expect(
      session.log.urls.some((url) => url.startsWith(server.url) && url.endsWith('.woff2')),
    ).toBe(true)
    expect(session.log.foreign(server.url)).toEqual([])
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserContext, WebSocketRoute } from 'playwright-core'
import { BoardPage } from './fixtures/BoardPage.ts'
import { E2ESession } from './fixtures/E2ESession.ts'

/**
 * Alice loses the network, keeps drawing, closes her tab, opens the board again while still
 * cut off, draws more, and comes back: everything she drew reaches Bob and the server, and what
 * Bob drew meanwhile reaches her. Her browser keeps the room in IndexedDB, never her token.
 *
 * "Cut off" is Chromium's offline mode (`context.setOffline`) while her first tab is open. A tab
 * cannot load a page offline without a service worker, so for the reopened tab the app's files
 * load and everything of the server's API and sync socket is refused, as for an app served from
 * a cache with no server in reach.
 */
describe('a browser that goes offline', () => {
  let session: E2ESession
  let alice: BoardPage
  let bob: BoardPage
  let roomUrl: string
  let roomId: string
  let cut = false
  const sockets: WebSocketRoute[] = []

  /** Refuses the API and the sync socket for `context` while `cut` is set. */
  async function cuttable(context: BrowserContext): Promise<void> {
    await context.route('**/api/**', (route) => (cut ? route.abort() : route.continue()))
    await context.routeWebSocket(/\/sync\//, (ws) => {
      if (cut) {
        void ws.close({ code: 1006, reason: 'offline' })
        return
      }
      ws.connectToServer()
      sockets.push(ws)
    })
  }

  const shapeCount = async (p: BoardPage) => (await p.shapes()).length

  beforeAll(async () => {
    session = await E2ESession.start()
    alice = await session.owner('Works offline', 'Alice')
    await cuttable(alice.page.context())
    // Reload once so the board's socket goes through the route.
    await alice.page.reload()
    await alice.waitForEditor()
    await alice.waitForStatus('live')
    roomUrl = alice.page.url()
    roomId = new URL(roomUrl).pathname.split('/').pop()!
    bob = await session.invitee(await alice.inviteLink('editor'), 'Bob')
    await bob.waitForStatus('live')
  })

  afterAll(async () => {
    await session?.dispose()
  })

  it('merges what was drawn offline, across a closed and reopened tab, when back online', async () => {
    await alice.drawRectangle({ x: 200, y: 200 }, { x: 300, y: 280 })
    await expect.poll(() => shapeCount(bob)).toBe(1)

    const context = alice.page.context()
    await context.setOffline(true)
    cut = true
    // Offline mode stops new requests; the open socket is dropped as a lost network would.
    for (const ws of sockets.splice(0)) await ws.close({ code: 1006, reason: 'offline' })
    await alice.waitForStatus('offline')
    await alice.drawRectangle({ x: 400, y: 200 }, { x: 500, y: 280 })
    await bob.drawRectangle({ x: 200, y: 450 }, { x: 300, y: 530 })
    expect(await shapeCount(alice)).toBe(2)

    // Alice closes the tab, and opens the board again, still without the server.
    await alice.page.close()
    await context.setOffline(false)
    const reopened = new BoardPage(await context.newPage())
    session.log.record(reopened.page)
    await reopened.open(roomUrl)
    await reopened.waitForEditor()
    expect(await shapeCount(reopened)).toBe(2)
    await reopened.drawRectangle({ x: 600, y: 200 }, { x: 700, y: 280 })
    expect(await shapeCount(reopened)).toBe(3)
    expect(await shapeCount(bob)).toBe(2)
    // A report asked for meanwhile says in words why it cannot come (not "Failed to fetch").
    await reopened.page.getByTestId('report-pdf').click()
    await expect
      .poll(() => reopened.page.getByTestId('report-status').textContent())
      .toBe('Could not reach the Threatboard server. Check the connection and try again.')

    // The network is back: the provider reconnects by itself and both sides merge.
    cut = false
    await reopened.waitForStatus('live', 30_000)
    await expect.poll(() => shapeCount(bob), { timeout: 15_000 }).toBe(4)
    await expect.poll(() => shapeCount(reopened)).toBe(4)
    expect(await reopened.shapes()).toEqual(await bob.shapes())

    // The server has it all: a new person, with nothing stored, sees four shapes.
    const carol = await session.invitee(await reopened.inviteLink('viewer'), 'Carol')
    await expect.poll(() => shapeCount(carol)).toBe(4)
    alice = reopened
  })

  it('keeps Yjs updates in IndexedDB and no token', async () => {
    const stored = await alice.page.evaluate(async (name) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(name)
        req.onsuccess = () => resolve(req.result)
        req.onerror = () => reject(req.error)
      })
      const all = (store: string) =>
        new Promise<unknown[]>((resolve) => {
          const req = db.transaction(store).objectStore(store).getAll()
          req.onsuccess = () => resolve(req.result)
        })
      const updates = (await all('updates')) as Uint8Array[]
      const text = updates.map((u) => new TextDecoder('latin1').decode(u)).join('')
      const result = {
        databases: (await indexedDB.databases()).map((d) => d.name),
        stores: [...db.objectStoreNames],
        updates: updates.length,
        custom: (await all('custom')).length,
        holdsToken: text.includes('tb_'),
        localStorageToken: Object.keys(localStorage).some((k) =>
          (localStorage.getItem(k) ?? '').includes('tb_'),
        ),
      }
      db.close()
      return result
    }, `threatboard.doc.${roomId}`)
    expect(stored.databases).toEqual([`threatboard.doc.${roomId}`])
    expect(stored.stores.sort()).toEqual(['custom', 'updates'])
    expect(stored.updates).toBeGreaterThan(0)
    expect(stored.custom).toBe(0)
    expect(stored.holdsToken).toBe(false)
    // The token is where it always was, in localStorage.
    expect(stored.localStorageToken).toBe(true)
  })

  it('forgets the room’s copy once the room is deleted', async () => {
    const ownerToken = await alice.page.evaluate(
      (id) =>
        (JSON.parse(localStorage.getItem(`threatboard.room.${id}`)!) as { token: string }).token,
      roomId,
    )
    const res = await fetch(`${session.server.url}/api/rooms/${roomId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ownerToken}` },
    })
    expect(res.status).toBe(204)
    await expect
      .poll(() => alice.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name)))
      .toEqual([])
  })
})

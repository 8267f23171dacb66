import type { Page, Response } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CanvasPage } from './fixtures/CanvasPage.ts'
import { E2ESession } from './fixtures/E2ESession.ts'
import { LobbyPage } from './fixtures/LobbyPage.ts'

interface Fetched {
  path: string
  encoding: string | undefined
  cacheControl: string | undefined
  /** Bytes of the body as sent (compressed, when it was). */
  length: number
}

/** Every response the page got from the server, as its path and the headers that matter here. */
function recordResponses(page: Page): Fetched[] {
  const fetched: Fetched[] = []
  page.on('response', (res: Response) => {
    const url = new URL(res.url())
    if (!url.protocol.startsWith('http')) return
    const headers = res.headers()
    fetched.push({
      path: url.pathname,
      encoding: headers['content-encoding'],
      cacheControl: headers['cache-control'],
      length: Number(headers['content-length'] ?? NaN),
    })
  })
  return fetched
}

/**
 * What a person's browser downloads: the lobby without the board's libraries, the app's text
 * files compressed and cacheable, and of tldraw's 16 font files only those the board uses. The
 * figures (bytes, time) are bench/coldLoad.ts's; this holds the choices behind them.
 */
describe('what the browser downloads', () => {
  let session: E2ESession
  let page: Page
  let fetched: Fetched[]

  beforeAll(async () => {
    session = await E2ESession.start()
    const person = await session.openPage()
    page = person.page
    fetched = recordResponses(page)
  })

  afterAll(async () => {
    await session?.dispose()
  })

  it('opens the lobby without tldraw or yjs', async () => {
    const lobby = new LobbyPage(page, session.server.url)
    await lobby.open()
    await page.getByTestId('create-room-button').waitFor()
    const scripts = fetched.filter((f) => f.path.endsWith('.js')).map((f) => f.path)
    expect(scripts.length).toBeGreaterThan(0)
    expect(scripts.filter((p) => /\/(tldraw|yjs)-/.test(p))).toEqual([])
  })

  it('gets the board’s scripts and styles compressed, and may keep them for a year', async () => {
    await new LobbyPage(page, session.server.url).createRoom('Page weight')
    const board = new CanvasPage(page)
    await board.join('Wes')
    await board.waitForStatus('live')
    const text = fetched.filter((f) => /^\/assets\/.*\.(js|css|svg)$/.test(f.path))
    expect(text.map((f) => f.path)).toContainEqual(expect.stringMatching(/\/tldraw-.*\.js$/))
    // Every one comes as Brotli, but files under 1 kB, which are not worth it.
    expect(text.filter((f) => f.encoding !== 'br' && !(f.length < 1024))).toEqual([])
    expect(text.filter((f) => f.cacheControl !== 'public, max-age=31536000, immutable')).toEqual([])
    // The page itself names the current files: asked for again on every load.
    expect(fetched.find((f) => f.path === '/')?.cacheControl).toBe('no-cache')
  })

  it('downloads only the font files a board of processes and threat cards uses', async () => {
    const canvas = new CanvasPage(page)
    await canvas.pickTool('dfd-process')
    await canvas.drawBox({ x: 300, y: 300 }, { x: 460, y: 380 })
    await canvas.dropCard('spoofing')
    await expect.poll(() => canvas.cardTitles()).toHaveLength(1)
    // tldraw asks for all 16 as it mounts; here at most the face of the next text comes (once
    // the board is idle), and the faces of texts on the board (none).
    const fonts = session.log.urls.filter((u) => u.endsWith('.woff2'))
    expect(fonts.length).toBeLessThanOrEqual(1)
    expect(fonts.filter((u) => /IBMPlex(Serif|Mono)/.test(u))).toEqual([])
    // Nor the icons of tldraw's embeds (YouTube, Figma…), which the board does not offer.
    const images = session.log.urls.filter((u) => /^http.*\/assets\/.*\.png$/.test(u))
    expect(images).toEqual([])
    expect(session.log.errors).toEqual([])
  })
})

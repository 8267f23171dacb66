import { randomBytes } from 'node:crypto'
import { crc32, deflateSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WebSocketRoute } from 'playwright-core'
import type { TLAssetId, TLBookmarkAsset, TLBookmarkShape, TLImageShape } from 'tldraw'
import type { BoardPage } from './fixtures/BoardPage.ts'
import { E2ESession } from './fixtures/E2ESession.ts'

/** A PNG of `side` × `side` random pixels: it does not compress, so its size is about 3 × side². */
function noisePng(side: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([length, body, crc])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(side, 0)
  header.writeUInt32BE(side, 4)
  header.set([8, 2, 0, 0, 0], 8) // 8-bit RGB
  const rows = Array.from({ length: side }, () =>
    Buffer.concat([Buffer.of(0), randomBytes(side * 3)]),
  )
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** Drops `png` on the canvas at (x, y) of the page, as a file dragged from the desktop. */
async function dropImage(
  person: BoardPage,
  png: Buffer,
  name: string,
  at: { x: number; y: number },
) {
  await person.page.evaluate(
    ([base64, fileName, x, y]) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
      const files = new DataTransfer()
      files.items.add(new File([bytes], fileName, { type: 'image/png' }))
      const canvas = document.querySelector('.tl-canvas')!
      for (const type of ['dragenter', 'dragover', 'drop']) {
        canvas.dispatchEvent(
          new DragEvent(type, {
            bubbles: true,
            cancelable: true,
            dataTransfer: files,
            clientX: x,
            clientY: y,
          }),
        )
      }
    },
    [png.toString('base64'), name, at.x, at.y] as const,
  )
}

const images = (person: BoardPage) =>
  person.page.evaluate(
    () => window.__tbEditor!.getCurrentPageShapes().filter((s) => s.type === 'image').length,
  )

/**
 * Images on the board. tldraw keeps a dropped or pasted image in the room's document, which the
 * server takes one message at a time up to `MAX_MESSAGE_BYTES` (1 MiB here): a file that fits
 * reaches everyone and stays; a larger one is refused on the page with tldraw's notice, and the
 * connection stays up. Offline work larger than one message goes in pieces; a change no message
 * can hold is refused by the server, and the page says so and reloads the room as the server has
 * it, where a plain reload would send it again.
 * A pasted link becomes a bookmark of its address, with no preview fetched from the browser.
 */
describe('images and links on the board', () => {
  let session: E2ESession
  let alice: BoardPage
  let bob: BoardPage
  let cut = false
  const sockets: WebSocketRoute[] = []

  beforeAll(async () => {
    session = await E2ESession.start()
    alice = await session.owner('Architecture with a picture', 'Alice')
    bob = await session.invitee(await alice.inviteLink('editor'), 'Bob')
    // Bob's sync socket goes through a route this spec can cut, as a lost network would.
    await bob.page.context().routeWebSocket(/\/sync\//, (ws) => {
      if (cut) {
        void ws.close({ code: 1006, reason: 'offline' })
        return
      }
      ws.connectToServer()
      sockets.push(ws)
    })
    await bob.page.reload()
    await bob.waitForEditor()
    for (const person of [alice, bob]) await person.waitForStatus('live')
  })

  afterAll(async () => {
    await session?.dispose()
  })

  it('shows a dropped image to everyone and keeps it across a reload', async () => {
    await dropImage(bob, noisePng(40), 'whiteboard-photo.png', { x: 300, y: 300 })
    await expect.poll(() => images(alice), { timeout: 10_000 }).toBe(1)
    await alice.page.reload()
    await alice.waitForEditor()
    await alice.waitForStatus('live')
    await expect.poll(() => images(alice)).toBe(1)
    // Drawn from the document itself: no request leaves the page for it.
    const src = await alice.page.evaluate(() => {
      const editor = window.__tbEditor!
      const image = editor.getCurrentPageShapes().find((s) => s.type === 'image') as TLImageShape
      return editor.getAsset(image.props.assetId!)?.props.src
    })
    expect(src).toMatch(/^data:image\/png;base64,/)
    await alice.page.locator('.tl-image').first().waitFor()
  })

  it('turns a pasted link into a bookmark of its address without calling it', async () => {
    const link = 'https://wiki.example.internal/payments/architecture'
    await bob.page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.server.url })
    await bob.page.evaluate((text) => navigator.clipboard.writeText(text), link)
    await bob.page.locator('.tl-canvas').click({ position: { x: 700, y: 500 } })
    await bob.page.keyboard.press('Control+V')
    const bookmark = (person: BoardPage) =>
      person.page.evaluate(() => {
        const editor = window.__tbEditor!
        const shape = editor
          .getCurrentPageShapes()
          .find((s): s is TLBookmarkShape => s.type === 'bookmark')
        const asset = shape?.props.assetId ? editor.getAsset(shape.props.assetId) : undefined
        return asset && { ...(asset as TLBookmarkAsset).props }
      })
    await expect
      .poll(() => bookmark(alice), { timeout: 10_000 })
      .toMatchObject({
        src: link,
        title: link,
        image: '',
      })
    await bob.page.getByText('wiki.example.internal/payments').first().waitFor()
    // No preview fetched from Bob's browser: no request, no blocked one, no error notice.
    expect(session.log.foreign(session.server.url)).toEqual([])
    expect(session.log.errors).toEqual([])
    expect(await bob.page.getByText('Couldn’t load URL preview').count()).toBe(0)
  })

  it('embeds no site: a design-tool link is a bookmark too, and Ctrl+I offers no embed', async () => {
    const link = 'https://www.figma.com/file/abcdefghijklmnopqrstuv/Payments'
    await bob.page.evaluate((text) => navigator.clipboard.writeText(text), link)
    await bob.page.locator('.tl-canvas').click({ position: { x: 700, y: 650 } })
    await bob.page.keyboard.press('Control+V')
    const kinds = (person: BoardPage) =>
      person.page.evaluate(() =>
        window
          .__tbEditor!.getCurrentPageShapes()
          .map((s) => s.type)
          .filter((t) => t !== 'image'),
      )
    await expect.poll(() => kinds(alice), { timeout: 10_000 }).toEqual(['bookmark', 'bookmark'])
    await bob.pressOnCanvas('Control+i')
    await bob.page.waitForTimeout(500)
    expect(await bob.page.getByRole('dialog').count()).toBe(0)
    expect(session.log.errors).toEqual([])
  })

  it('refuses a file too large for the server on the page, and stays connected', async () => {
    const tooLarge = noisePng(520) // ~811 KB: over the ~756 KB the default 1 MiB message allows
    await dropImage(bob, tooLarge, 'scan.png', { x: 500, y: 300 })
    await expect
      .poll(() => bob.page.getByText('File size is too big').count(), { timeout: 10_000 })
      .toBeGreaterThan(0)
    expect(await bob.page.getByText('Maximum file size is 756 KB').count()).toBeGreaterThan(0)
    expect(await images(bob)).toBe(1)
    // Still live: what Bob draws next reaches Alice.
    expect(await bob.page.getByTestId('connection-status').getAttribute('data-status')).toBe('live')
    const before = (await alice.shapes()).length
    await bob.drawRectangle({ x: 200, y: 500 }, { x: 300, y: 580 })
    await expect.poll(async () => (await alice.shapes()).length).toBe(before + 1)
    expect(await images(alice)).toBe(1)
  })

  it('refuses a pasted text too long for the server on the page, and stays connected', async () => {
    const before = (await alice.shapes()).length
    // A whole log pasted at once: ~1.2 MB of text, one value of the document.
    const log = 'GET /api/orders/1234 200 12ms\n'.repeat(40_000)
    await bob.page.evaluate((text) => navigator.clipboard.writeText(text), log)
    await bob.page.locator('.tl-canvas').click({ position: { x: 700, y: 560 } })
    await bob.page.keyboard.press('Control+V')
    await expect
      .poll(() => bob.page.getByText('Text too long for the board').count(), { timeout: 10_000 })
      .toBeGreaterThan(0)
    expect(await bob.page.getByText('one text can take up to 1,033 KB').count()).toBeGreaterThan(0)
    expect(await bob.page.getByTestId('connection-status').getAttribute('data-status')).toBe('live')
    // A text that fits is pasted as ever, and reaches Alice.
    await bob.page.evaluate(() => navigator.clipboard.writeText('Ask the payments team'))
    await bob.page.keyboard.press('Escape')
    await bob.page.locator('.tl-canvas').click({ position: { x: 700, y: 560 } })
    await bob.page.keyboard.press('Control+V')
    await expect.poll(async () => (await alice.shapes()).length).toBe(before + 1)
    const noteText = (person: BoardPage) =>
      person.page.evaluate(
        () =>
          window
            .__tbEditor!.getCurrentPageShapes()
            .filter((s) => s.type === 'text')
            .map((s) => JSON.stringify((s.props as { richText: unknown }).richText))[0] ?? '',
      )
    await expect.poll(() => noteText(alice)).toContain('Ask the payments team')

    // The log pasted into that text while Bob edits it: refused too, the text as it was.
    await bob.page.evaluate((text) => navigator.clipboard.writeText(text), log)
    await bob.page.keyboard.press('Enter')
    await bob.page.locator('.tl-rich-text [contenteditable="true"]').waitFor()
    const toasts = () => bob.page.getByText('Text too long for the board').count()
    const shown = await toasts()
    await bob.page.keyboard.press('End')
    await bob.page.keyboard.press('Control+V')
    await expect.poll(toasts, { timeout: 10_000 }).toBeGreaterThan(shown)
    await bob.page.keyboard.type(', today')
    await bob.page.keyboard.press('Escape')
    await expect.poll(() => noteText(alice)).toContain(', today')
    expect(await noteText(alice)).not.toContain('GET /api/orders')
    expect(await bob.page.getByTestId('connection-status').getAttribute('data-status')).toBe('live')
    expect(await bob.page.getByTestId('fatal').count()).toBe(0)
  })

  it('sends one change larger than a message (images pasted together) in pieces', async () => {
    const before = await images(alice)
    // What a paste of copied images does: their assets and shapes in one change of the store.
    const png = noisePng(400).toString('base64')
    await bob.page.evaluate((base64) => {
      const editor = window.__tbEditor!
      editor.run(() => {
        for (const i of [1, 2]) {
          const assetId = `asset:pasted-${i}` as TLAssetId
          editor.createAssets([
            {
              id: assetId,
              typeName: 'asset',
              type: 'image',
              props: {
                name: `pasted-${i}.png`,
                src: `data:image/png;base64,${base64}`,
                w: 400,
                h: 400,
                mimeType: 'image/png',
                isAnimated: false,
              },
              meta: {},
            },
          ])
          editor.createShape({
            type: 'image',
            x: 400 * i,
            y: 450,
            props: { assetId, w: 200, h: 200 },
          })
        }
      })
    }, png)
    await expect.poll(() => images(alice), { timeout: 15_000 }).toBe(before + 2)
    expect(await bob.page.getByTestId('connection-status').getAttribute('data-status')).toBe('live')
  })

  it('sends offline work larger than one message in pieces: it reaches everyone once back online', async () => {
    cut = true
    for (const ws of sockets.splice(0)) await ws.close({ code: 1006, reason: 'offline' })
    await bob.waitForStatus('offline')
    // Two images that each fit, dropped offline: back online, ~1.3 MB to send, over the 1 MiB
    // the server takes in one message.
    await dropImage(bob, noisePng(400), 'rack-1.png', { x: 600, y: 250 })
    await dropImage(bob, noisePng(400), 'rack-2.png', { x: 800, y: 250 })
    await expect.poll(() => images(bob), { timeout: 10_000 }).toBe(5)
    expect(await images(alice)).toBe(3)

    cut = false
    await bob.waitForStatus('live', 30_000)
    await expect.poll(() => images(alice), { timeout: 15_000 }).toBe(5)
    expect(await alice.shapes()).toEqual(await bob.shapes())
    // Stored, not only relayed: a reload from the server has them, drawn.
    await alice.page.reload()
    await alice.waitForEditor()
    await alice.waitForStatus('live')
    await expect.poll(() => images(alice)).toBe(5)
    await expect.poll(() => alice.page.locator('.tl-image').count()).toBe(5)
    expect(await bob.page.getByTestId('fatal').count()).toBe(0)
    expect(session.log.errors).toEqual([])
  })

  it('after the server refuses an offline change too large for any message, reloads the room as the server has it', async () => {
    cut = true
    for (const ws of sockets.splice(0)) await ws.close({ code: 1006, reason: 'offline' })
    await bob.waitForStatus('offline')
    // One value no piece can hold: a text of 1.1 million characters (a log pasted whole).
    await bob.page.evaluate(() => {
      const text = 'GET /api/orders 200 '.repeat(55_000)
      window.__tbEditor!.createShape({
        type: 'text',
        x: 100,
        y: 800,
        props: {
          richText: {
            type: 'doc',
            content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
          },
        },
      })
    })
    const accepted = await alice.shapes()
    expect(accepted.length).toBeLessThan((await bob.shapes()).length)

    cut = false
    const refused = bob.page.getByTestId('fatal')
    await refused.waitFor({ timeout: 30_000 })
    expect(await refused.innerText()).toContain('The server refused a change')
    expect(await refused.innerText()).toContain('A change was too large for the server to accept.')
    // Alice, and the server, have what was accepted before, and nothing of the refused change.
    expect(await alice.shapes()).toEqual(accepted)

    // A plain reload opens this browser's copy, which still holds the change: refused again.
    await bob.page.reload()
    await bob.page.getByTestId('reload-from-server').waitFor({ timeout: 30_000 })

    await bob.page.getByTestId('reload-from-server').click()
    await bob.waitForEditor()
    await bob.waitForStatus('live', 30_000)
    await expect.poll(() => bob.shapes()).toEqual(accepted)
    expect(await images(bob)).toBe(5)
    // Bob goes on working with everyone.
    await bob.drawRectangle({ x: 200, y: 650 }, { x: 300, y: 720 })
    await expect.poll(async () => (await alice.shapes()).length).toBe(accepted.length + 1)
    expect(session.log.errors).toEqual([])
  })

  it('takes an image from the Media tool (Ctrl+U) under the same limit', async () => {
    const before = await images(alice)
    const notices = () => bob.page.getByText('File size is too big').count()
    await expect.poll(notices, { timeout: 15_000 }).toBe(0)
    const insert = async (png: Buffer, name: string) => {
      await bob.page.keyboard.press('Escape')
      const [chooser] = await Promise.all([
        bob.page.waitForEvent('filechooser'),
        bob.pressOnCanvas('Control+u'),
      ])
      await chooser.setFiles({ name, mimeType: 'image/png', buffer: png })
    }
    await insert(noisePng(520), 'scan-again.png')
    await expect.poll(notices, { timeout: 10_000 }).toBeGreaterThan(0)
    await insert(noisePng(120), 'logo.png')
    await expect.poll(() => images(alice), { timeout: 10_000 }).toBe(before + 1)
    expect(await images(bob)).toBe(before + 1)
    expect(await bob.page.getByTestId('connection-status').getAttribute('data-status')).toBe('live')
  })
})

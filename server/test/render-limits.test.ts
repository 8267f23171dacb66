import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getRecordsMap, writeRecord } from '@threatboard/shared'
import { connectSynced, items } from './helpers/clients.ts'
import { dfdNode, nthIndex } from './helpers/boardRecords.ts'
import { waitFor } from './helpers/poll.ts'
import {
  createRoomFull,
  startServer,
  storedDoc,
  tempDataDir,
  type TestServer,
  type Tokens,
} from './helpers/server.ts'

/** Big enough that building and rendering its report takes the server real work. */
const SHAPES = 20_000

describe('report renders are bounded', () => {
  const dataDir = tempDataDir()
  let s: TestServer
  let big: { id: string; tokens: Tokens }
  let closed = false

  const report = (url: string, format: string) =>
    fetch(`${url}/api/rooms/${big.id}/report?format=${format}`, {
      headers: { authorization: `Bearer ${big.tokens.viewer}` },
    })

  beforeAll(async () => {
    // One render at a time, so a second request while one runs is refused as busy.
    s = await startServer({ dataDir, env: { REPORT_RENDERS: '1' } })
    big = await createRoomFull(s.url, 'A very big board')
    // Written straight into the stored document with the shared helpers, as one update, the
    // way a room that grew over months sits on disk before anyone opens it.
    const doc = await storedDoc(s, big.id)
    let update: Uint8Array | undefined
    doc.on('update', (u: Uint8Array) => (update = u))
    const records = getRecordsMap(doc)
    doc.transact(() => {
      for (let i = 0; i < SHAPES; i++) {
        writeRecord(
          records,
          dfdNode(`shape:n${i}`, 'process', `Element ${i} of a very big board`, {
            x: (i % 150) * 200,
            y: Math.floor(i / 150) * 120,
            index: nthIndex(i),
          }),
        )
      }
    })
    await s.app.store.appendUpdates(big.id, [update!])
    doc.destroy()
  }, 180_000)

  afterAll(async () => {
    if (!closed) await s.close()
  })

  it('renders the big board’s PDF while another room keeps syncing and the server answers', async () => {
    const pending = report(s.url, 'pdf')

    // Meanwhile, in another room, an edit by one stock client reaches another.
    const other = await createRoomFull(s.url, 'Another team')
    const alice = await connectSynced(s.wsBase, other.id, other.tokens.editor)
    const bob = await connectSynced(s.wsBase, other.id, other.tokens.editor)
    items(alice).set('note', 'still live')
    await waitFor(() => items(bob).get('note') === 'still live', 'the edit to reach bob', 30_000)
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200)
    alice.destroy()
    bob.destroy()

    const res = await pending
    if (res.status === 200) {
      expect(res.headers.get('content-type')).toBe('application/pdf')
      const pdf = Buffer.from(await res.arrayBuffer())
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
      const dir = mkdtempSync(path.join(tmpdir(), 'threatboard-big-'))
      writeFileSync(path.join(dir, 'r.pdf'), pdf)
      const text = execFileSync('pdftotext', [path.join(dir, 'r.pdf'), '-']).toString()
      expect(text).toContain('Element 0 of')
      // The drawing is bounded: it shows the first shapes and says how many it left out.
      const json = await (await report(s.url, 'json')).json()
      expect(json.diagrams[0].svg).toContain('18,000 more shapes not drawn')
    } else {
      // Too big for this machine's limits: a clear refusal, never a dropped connection.
      expect(res.status).toBe(422)
      expect((await res.json()).error.message).toContain('too big to render')
    }
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200)
  }, 180_000)

  it('refuses a second render while one runs (503, Retry-After), and renders it when asked again', async () => {
    const [html, md] = await Promise.all([report(s.url, 'html'), report(s.url, 'markdown')])
    const busy = [html, md].find((r) => r.status === 503)!
    const done = [html, md].find((r) => r.status === 200)!
    expect(busy).toBeDefined()
    expect(done).toBeDefined()
    expect(busy.headers.get('retry-after')).toBe('5')
    expect((await busy.json()).error.message).toContain('already rendering')
    const body = await done.text()
    expect(body).toContain('A very big board')

    const again = await report(s.url, busy === html ? 'html' : 'markdown')
    expect(again.status).toBe(200)
    expect(await again.text()).toContain('A very big board')

    // An export is read and written on the same bounded render threads, not on the event loop:
    // while a report renders it is refused the same way, and written when asked again.
    const otm = () =>
      fetch(`${s.url}/api/rooms/${big.id}/export?format=otm`, {
        headers: { authorization: `Bearer ${big.tokens.viewer}` },
      })
    const [md2, exported] = await Promise.all([report(s.url, 'markdown'), otm()])
    expect([md2.status, exported.status].sort()).toEqual([200, 503])
    const refused = md2.status === 503 ? md2 : exported
    expect(refused.headers.get('retry-after')).toBe('5')
    expect((await refused.json()).error.message).toContain('already rendering')
    const file = exported.status === 200 ? exported : await otm()
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toBe('application/json; charset=utf-8')
    const model = (await file.json()) as { project: { name: string }; components: unknown[] }
    expect(model.project.name).toBe('A very big board')
    expect(model.components).toHaveLength(SHAPES)
  }, 180_000)

  it('stops a render that needs more heap than a render may have, with a clear 422', async () => {
    // The data directory takes one server at a time: stop the first, then start one on the same
    // data whose render threads get the smallest heap allowed.
    await s.close()
    closed = true
    const small = await startServer({ dataDir, env: { REPORT_HEAP_MB: '64' } })
    try {
      const res = await report(small.url, 'pdf')
      expect(res.status).toBe(422)
      expect((await res.json()).error.message).toContain('too big to render')
      expect((await fetch(`${small.url}/healthz`)).status).toBe(200)
      // The next render gets a fresh thread and works for a small room.
      const tiny = await createRoomFull(small.url, 'Tiny')
      const ok = await fetch(`${small.url}/api/rooms/${tiny.id}/report?format=markdown`, {
        headers: { authorization: `Bearer ${tiny.tokens.viewer}` },
      })
      expect(ok.status).toBe(200)
    } finally {
      await small.close()
    }
  }, 180_000)

  it('ends a render in progress when the server shuts down, answering 503', async () => {
    if (!closed) await s.close()
    closed = true
    const other = await startServer({ dataDir })
    const pending = report(other.url, 'pdf').then(
      async (res) => ({ status: res.status, body: await res.text() }),
      () => ({ status: 0, body: '' }), // the connection was closed first: also no render
    )
    // Closing does not wait for the render: it ends it.
    await other.close()
    const res = await pending
    if (res.status !== 0) {
      expect(res.status).toBe(503)
      expect(res.body).toContain('shutting down')
    }
  }, 180_000)
})

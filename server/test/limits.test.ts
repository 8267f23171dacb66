import { afterEach, describe, expect, it } from 'vitest'
import { CloseCode } from '@threatboard/shared'
import { connectClient, connectSynced, items, type TestClient } from './helpers/clients.ts'
import { awarenessFrame, openRaw, type RawSocket } from './helpers/frames.ts'
import { waitFor } from './helpers/poll.ts'
import { createRoomFull, startServer, syncUrl, type TestServer } from './helpers/server.ts'

type Role = 'owner' | 'editor' | 'observer' | 'viewer'

describe('limits: each is reached with a clear error and leaves other rooms alone', () => {
  let s: TestServer
  const clients: TestClient[] = []
  const raws: RawSocket[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    for (const r of raws.splice(0)) r.ws.terminate()
    await s.close()
  })
  const track = (c: TestClient) => (clients.push(c), c)
  const raw = (roomId: string, role: Role = 'editor') => {
    const r = openRaw(syncUrl(s.wsBase, roomId, role))
    raws.push(r)
    return r
  }

  /** A room of its own where one client's edit reaches another: nothing else was disturbed. */
  async function otherRoomWorks(): Promise<void> {
    const { id, tokens } = await createRoomFull(s.url, 'Bystander')
    const a = track(await connectSynced(s.wsBase, id, tokens.editor))
    const b = track(await connectSynced(s.wsBase, id, tokens.viewer))
    items(a).set('still', 'fine')
    await waitFor(() => items(b).get('still') === 'fine', 'an edit in another room to arrive')
    a.destroy()
    b.destroy()
  }

  it('closes a socket that stops reading once its send buffer passes the limit (4461)', async () => {
    s = await startServer({ env: { MAX_SOCKET_BUFFER_BYTES: String(256 * 1024) } })
    const { id, tokens } = await createRoomFull(s.url)
    const slow = raw(id, 'viewer')
    await slow.attached
    slow.ws.pause()
    const writer = track(await connectSynced(s.wsBase, id, tokens.editor))
    const room = (await s.app.rooms.peek(id))!
    const big = 'x'.repeat(200 * 1024)
    let sent = 0
    // The kernel's socket buffers take some megabytes first; then the server's queue grows.
    await waitFor(
      () => {
        if (room.peers.size === 1) return true
        items(writer).set(`big${sent++}`, big)
        return false
      },
      'the server to drop the socket that does not read',
      20_000,
    )
    slow.ws.resume()
    expect((await slow.closed).code).toBe(CloseCode.TOO_SLOW)
    // The writer and the room carry on.
    const late = track(await connectSynced(s.wsBase, id, tokens.viewer))
    expect(items(late).has(`big${sent - 1}`)).toBe(true)
    await otherRoomWorks()
  })

  it('refuses a presence update over MAX_AWARENESS_BYTES (4462)', async () => {
    s = await startServer({ env: { MAX_AWARENESS_BYTES: '4096' } })
    const { id, tokens } = await createRoomFull(s.url)
    const watcher = track(await connectSynced(s.wsBase, id, tokens.editor))
    const r = raw(id)
    await r.attached
    r.ws.send(awarenessFrame(4242, 1, { user: { name: 'x'.repeat(8000) } }))
    const closed = await r.closed
    expect(closed.code).toBe(CloseCode.PRESENCE_TOO_LARGE)
    expect(closed.reason).toContain('presence update too large')
    expect(watcher.provider.awareness.getStates().has(4242)).toBe(false)
    await otherRoomWorks()
  })

  it('closes a socket sending presence faster than AWARENESS_RATE_PER_SEC (4463)', async () => {
    s = await startServer({ env: { AWARENESS_RATE_PER_SEC: '5' } })
    const { id } = await createRoomFull(s.url)
    const r = raw(id)
    await r.attached
    // Twice the rate is the burst allowance; the eleventh in a row is over it.
    for (let clock = 1; clock <= 30; clock++) r.ws.send(awarenessFrame(77, clock, { n: clock }))
    const closed = await r.closed
    expect(closed.code).toBe(CloseCode.PRESENCE_TOO_FAST)
    // A client at a normal pace is fine.
    const ok = raw(id)
    await ok.attached
    for (let clock = 1; clock <= 5; clock++) {
      ok.ws.send(awarenessFrame(78, clock, { n: clock }))
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    expect(ok.ws.readyState).toBe(ok.ws.OPEN)
    // The stock provider echoes every presence change it hears (others' cursors) back to the
    // server; those echoes are dropped, and do not count against the sender's rate.
    const echo = raw(id)
    await echo.attached
    echo.ws.send(awarenessFrame(79, 1, { n: 1 }))
    for (let clock = 2; clock <= 30; clock++) echo.ws.send(awarenessFrame(78, clock, { n: clock }))
    echo.ws.send(awarenessFrame(79, 2, { n: 2 }))
    const pong = new Promise((resolve) => echo.ws.once('pong', resolve))
    echo.ws.ping()
    await pong
    expect(echo.ws.readyState).toBe(echo.ws.OPEN)
    await otherRoomWorks()
  })

  it('closes a socket asking for everyone’s presence faster than AWARENESS_RATE_PER_SEC (4463)', async () => {
    // Each one-byte question is answered with every presence in the room: unbounded, a viewer's
    // link made the server send hundreds of megabytes.
    s = await startServer({ env: { AWARENESS_RATE_PER_SEC: '5' } })
    const { id, tokens } = await createRoomFull(s.url)
    const present = track(await connectSynced(s.wsBase, id, tokens.editor))
    present.provider.awareness.setLocalStateField('user', { name: 'Edna' })
    const asker = raw(id, 'viewer')
    await asker.attached
    let answers = 0
    asker.ws.on('message', (data: Buffer) => {
      if (data[0] === 1) answers++
    })
    // A question now and then is answered.
    asker.ws.send(Uint8Array.from([3]))
    await waitFor(() => answers >= 1, 'an answer to one question')
    for (let i = 0; i < 200; i++) asker.ws.send(Uint8Array.from([3]))
    const closed = await asker.closed
    expect(closed).toMatchObject({
      code: CloseCode.PRESENCE_TOO_FAST,
      reason: 'presence queries too fast',
    })
    expect(answers).toBeLessThanOrEqual(12)
    await otherRoomWorks()
  })

  it('keeps a departed editor’s presence id from other roles; the same role may take it back', async () => {
    s = await startServer()
    const { id, tokens } = await createRoomFull(s.url)
    const watcher = track(await connectSynced(s.wsBase, id, tokens.owner))
    const editor = track(await connectSynced(s.wsBase, id, tokens.editor))
    const editorId = editor.doc.clientID
    editor.provider.awareness.setLocalStateField('user', { name: 'Edna' })
    const nameOf = (clientId: number) =>
      (watcher.provider.awareness.getStates().get(clientId) as { user?: { name?: string } })?.user
        ?.name
    await waitFor(() => nameOf(editorId) === 'Edna', 'the editor’s cursor to show')
    editor.provider.disconnect()
    await waitFor(() => nameOf(editorId) === undefined, 'the editor’s cursor to go')

    // A viewer announces the departed editor's id: dropped.
    const viewer = raw(id, 'viewer')
    await viewer.attached
    viewer.ws.send(awarenessFrame(editorId, 50, { user: { name: 'Impostor' } }))
    // An honest message after it shows the server has handled the forged one.
    const honest = raw(id, 'viewer')
    await honest.attached
    honest.ws.send(awarenessFrame(991, 1, { user: { name: 'Vic' } }))
    await waitFor(() => nameOf(991) === 'Vic', 'the honest viewer to show')
    expect(nameOf(editorId)).toBeUndefined()

    // The editor reconnecting with its own id is welcome back.
    editor.provider.connect()
    editor.provider.awareness.setLocalStateField('user', { name: 'Edna again' })
    await waitFor(() => nameOf(editorId) === 'Edna again', 'the editor back')
  })

  it('reserves the last slots of a full room for editors and owners (4460)', async () => {
    s = await startServer({
      env: { MAX_CONNECTIONS_PER_ROOM: '6', ROOM_RESERVE_EDITORS: '3', ROOM_RESERVE_OWNERS: '1' },
    })
    const { id } = await createRoomFull(s.url)
    const join = async (role: Role) => {
      const r = raw(id, role)
      return Promise.race([r.attached.then(() => 'joined'), r.closed.then((c) => c.code)])
    }
    // Leaked read links fill what observers and viewers may use: 6 − 3.
    expect(await join('viewer')).toBe('joined')
    expect(await join('observer')).toBe('joined')
    expect(await join('viewer')).toBe('joined')
    expect(await join('viewer')).toBe(CloseCode.ROOM_FULL)
    // Editors still get in, up to 6 − 1.
    expect(await join('editor')).toBe('joined')
    expect(await join('editor')).toBe('joined')
    expect(await join('editor')).toBe(CloseCode.ROOM_FULL)
    // The owner takes the last slot.
    expect(await join('owner')).toBe('joined')
    expect(await join('owner')).toBe(CloseCode.ROOM_FULL)
    await otherRoomWorks()
  })

  it('limits sync connections per client address (4429)', async () => {
    s = await startServer({ env: { MAX_CONNECTIONS_PER_IP: '3' } })
    const { id } = await createRoomFull(s.url)
    const open = [raw(id), raw(id), raw(id)]
    await Promise.all(open.map((r) => r.attached))
    const fourth = raw(id)
    expect((await fourth.closed).code).toBe(CloseCode.TOO_MANY_CONNECTIONS)
    open[0]!.ws.close()
    await open[0]!.closed
    await waitFor(async () => {
      const again = raw(id)
      return Promise.race([again.attached.then(() => true), again.closed.then(() => false)])
    }, 'a slot to free up once one closes')
  })

  it('counts clients behind a trusted proxy by their forwarded address, and only then', async () => {
    const behind = (roomId: string, client: string) => {
      const r = openRaw(syncUrl(s.wsBase, roomId, 'editor'), {
        headers: { 'x-forwarded-for': client },
      })
      raws.push(r)
      return r
    }
    s = await startServer({ env: { MAX_CONNECTIONS_PER_IP: '1', TRUST_PROXY: '127.0.0.1' } })
    const { id } = await createRoomFull(s.url)
    // Two clients through the proxy on 127.0.0.1: one slot each.
    await Promise.all([behind(id, '203.0.113.7').attached, behind(id, '203.0.113.8').attached])
    expect((await behind(id, '203.0.113.7').closed).code).toBe(CloseCode.TOO_MANY_CONNECTIONS)
    await s.close()

    // Without TRUST_PROXY the header is the client's word: ignored.
    s = await startServer({ env: { MAX_CONNECTIONS_PER_IP: '1' } })
    const other = await createRoomFull(s.url)
    await behind(other.id, '203.0.113.7').attached
    expect((await behind(other.id, '203.0.113.8').closed).code).toBe(CloseCode.TOO_MANY_CONNECTIONS)
  })

  it('answers 503 / closes with 4503 past MAX_LOADED_ROOMS, and serves the loaded rooms', async () => {
    s = await startServer({ env: { MAX_LOADED_ROOMS: '1' } })
    const a = await createRoomFull(s.url, 'A')
    const b = await createRoomFull(s.url, 'B')
    const inA = track(await connectSynced(s.wsBase, a.id, a.tokens.editor))
    const other = track(connectClient(s.wsBase, b.id, { token: b.tokens.editor }))
    await waitFor(() => other.closes.includes(CloseCode.SERVER_BUSY), 'close 4503')
    other.destroy()
    // A hint is written into the live room, so it has to open it (reports and exports read the
    // stored bytes and still work).
    const res = await fetch(`${s.url}/api/rooms/${b.id}/hints`, {
      method: 'POST',
      headers: { authorization: `Bearer ${b.tokens.observer}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        text: 'Who can call this?',
        author: 'Sam',
        target: { kind: 'board' },
      }),
    })
    expect(res.status).toBe(503)
    const body = (await res.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('UNAVAILABLE')
    expect(body.error.message).toContain('maximum number of open rooms')
    const exported = await fetch(`${s.url}/api/rooms/${b.id}/export?format=threat-dragon`, {
      headers: { authorization: `Bearer ${b.tokens.viewer}` },
    })
    expect(exported.status).toBe(200)
    expect(((await exported.json()) as { summary: { title: string } }).summary.title).toBe('B')
    // Room A, already loaded, is untouched.
    const viewer = track(await connectSynced(s.wsBase, a.id, a.tokens.viewer))
    items(inA).set('k', 1)
    await waitFor(() => items(viewer).get('k') === 1, 'room A still live')
  })

  it('refuses an update past MAX_DOC_BYTES (4413) without touching other rooms', async () => {
    s = await startServer({ env: { MAX_DOC_BYTES: String(64 * 1024) } })
    const { id, tokens } = await createRoomFull(s.url)
    const writer = track(connectClient(s.wsBase, id, { token: tokens.editor }))
    await waitFor(() => writer.provider.synced, 'synced')
    for (let i = 0; i < 10; i++) items(writer).set(`chunk${i}`, 'y'.repeat(10 * 1024))
    await waitFor(() => writer.closes.includes(CloseCode.DOC_TOO_LARGE), 'close 4413')
    await otherRoomWorks()
  })

  it('closes a socket that sends a message over MAX_MESSAGE_BYTES (1009)', async () => {
    s = await startServer({ env: { MAX_MESSAGE_BYTES: '2048' } })
    const { id } = await createRoomFull(s.url)
    const r = raw(id)
    await r.attached
    r.ws.send(new Uint8Array(4096))
    expect((await r.closed).code).toBe(CloseCode.MESSAGE_TOO_BIG)
    await otherRoomWorks()
  })
})

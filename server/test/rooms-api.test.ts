import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRoomId, readRoomTitle, ROOM_ID_PATTERN, type RoomSummary } from '@threatboard/shared'
import { connectSynced } from './helpers/clients.ts'
import { waitFor } from './helpers/poll.ts'
import { auth, roomTokens, startServer, type TestServer, type Tokens } from './helpers/server.ts'

describe('rooms API', () => {
  let s: TestServer
  beforeAll(async () => {
    // More rooms are made here than the default creation limit allows in a minute.
    s = await startServer({
      env: {
        MAX_BODY_BYTES: '4096',
        RATE_LIMIT_CREATE_PER_MIN: '200',
        MAX_MESSAGE_BYTES: '300000',
        MAX_DOC_BYTES: '5000000',
      },
    })
  })
  afterAll(() => s.close())

  /** Calls the API with the owner token of the room named in the path, if the test made it. */
  const api = (path: string, init: RequestInit & { json?: unknown } = {}) => {
    const roomId = /^\/api\/rooms\/([^/?]+)/.exec(path)?.[1]
    return fetch(`${s.url}${path}`, {
      ...init,
      headers: {
        ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(roomId ? auth(roomId) : {}),
      },
      body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
    })
  }

  it('answers /healthz', async () => {
    const res = await api('/healthz')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok' })
  })

  it('creates, lists, reads, renames and deletes a room', async () => {
    const created = await api('/api/rooms', { method: 'POST', json: { title: '  Payments API ' } })
    expect(created.status).toBe(201)
    const room = (await created.json()) as RoomSummary & { tokens: Tokens }
    roomTokens.set(room.id, room.tokens)
    expect(room.id).toMatch(ROOM_ID_PATTERN)
    expect(room.title).toBe('Payments API')
    expect(room.sizeBytes).toBeGreaterThan(0)

    const list = (await (await api('/api/rooms')).json()) as { rooms: RoomSummary[] }
    expect(list.rooms.map((r) => r.id)).toContain(room.id)

    // Someone in the room (a stock y-websocket client) is told the new name through the document.
    const client = await connectSynced(s.wsBase, room.id)
    expect(readRoomTitle(client.doc)).toBeUndefined()
    const patched = await api(`/api/rooms/${room.id}`, { method: 'PATCH', json: { title: 'Pay' } })
    expect(((await patched.json()) as RoomSummary).title).toBe('Pay')
    expect(((await (await api(`/api/rooms/${room.id}`)).json()) as RoomSummary).title).toBe('Pay')
    await waitFor(() => readRoomTitle(client.doc) === 'Pay', 'the name to reach the client')
    client.destroy()

    expect((await api(`/api/rooms/${room.id}`, { method: 'DELETE' })).status).toBe(204)
    expect((await api(`/api/rooms/${room.id}`)).status).toBe(404)
    expect((await api(`/api/rooms/${room.id}`, { method: 'DELETE' })).status).toBe(404)
  })

  it('gives every room a distinct unguessable id', async () => {
    const ids = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const res = await api('/api/rooms', { method: 'POST', json: { title: 'x' } })
        return ((await res.json()) as RoomSummary).id
      }),
    )
    expect(new Set(ids).size).toBe(20)
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/)
  })

  it.each([
    ['no body', undefined],
    ['an empty title', { title: '   ' }],
    ['a title that is not a string', { title: 42 }],
    ['a title that is too long', { title: 'x'.repeat(201) }],
    ['an unknown field', { title: 'ok', owner: 'me' }],
  ])('refuses a room with %s (400 with a message)', async (_name, json) => {
    const res = await api('/api/rooms', { method: 'POST', json })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('BAD_REQUEST')
    expect(body.error.message.length).toBeGreaterThan(5)
  })

  it('refuses malformed JSON and oversized bodies', async () => {
    const bad = await fetch(`${s.url}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"title":',
    })
    expect(bad.status).toBe(400)
    const big = await api('/api/rooms', { method: 'POST', json: { title: 'x'.repeat(10_000) } })
    expect(big.status).toBe(413)
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('refuses a title with a line break, a control character or a text-direction mark, by name', async () => {
    const before = ((await (await api('/api/rooms')).json()) as { rooms: RoomSummary[] }).rooms
    for (const title of [
      'Payments\r\nX-Injected: 1',
      'Payments\u0000API',
      'Payments\tAPI',
      // Reads as "Payments exe.pdf" on screen.
      'Payments \u202Efdp.exe',
      'Payments \u2067API',
    ]) {
      const res = await api('/api/rooms', { method: 'POST', json: { title } })
      expect(res.status, JSON.stringify(title)).toBe(400)
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain(
        'title must be one line of plain text',
      )
    }
    const after = ((await (await api('/api/rooms')).json()) as { rooms: RoomSummary[] }).rooms
    expect(after.length, 'a refused title created a room').toBe(before.length)

    // Renaming is held to the same rule; the title stays as it was.
    const created = await api('/api/rooms', {
      method: 'POST',
      json: { title: 'Pagos – Zahlung – 決済' },
    })
    expect(created.status).toBe(201)
    const room = (await created.json()) as RoomSummary & { tokens: Tokens }
    roomTokens.set(room.id, room.tokens)
    expect(room.title).toBe('Pagos – Zahlung – 決済')
    const renamed = await api(`/api/rooms/${room.id}`, {
      method: 'PATCH',
      json: { title: 'Pagos\u202E' },
    })
    expect(renamed.status).toBe(400)
    const read = (await (await api(`/api/rooms/${room.id}`)).json()) as RoomSummary
    expect(read.title).toBe('Pagos – Zahlung – 決済')
  })

  it("tells every role the server's message and document limits, so the board can keep under them", async () => {
    const created = await api('/api/rooms', { method: 'POST', json: { title: 'Limits' } })
    const room = (await created.json()) as RoomSummary & { tokens: Tokens }
    roomTokens.set(room.id, room.tokens)
    for (const role of ['owner', 'viewer'] as const) {
      const res = await fetch(`${s.url}/api/rooms/${room.id}`, { headers: auth(room.id, role) })
      expect(await res.json()).toMatchObject({
        id: room.id,
        role,
        limits: { maxMessageBytes: 300_000, maxDocBytes: 5_000_000 },
      })
    }
  })

  it('answers an unknown room with 404 and a malformed id with 400, creating nothing', async () => {
    const before = ((await (await api('/api/rooms')).json()) as { rooms: unknown[] }).rooms.length
    expect((await api(`/api/rooms/${createRoomId()}`)).status).toBe(404)
    expect(
      (await api(`/api/rooms/${createRoomId()}`, { method: 'PATCH', json: { title: 'a' } })).status,
    ).toBe(404)
    expect((await api('/api/rooms/..%2F..%2Fetc')).status).toBe(400)
    const after = ((await (await api('/api/rooms')).json()) as { rooms: unknown[] }).rooms.length
    expect(after).toBe(before)
  })

  it('closes live connections of a deleted room with ROOM_NOT_FOUND', async () => {
    const res = await api('/api/rooms', { method: 'POST', json: { title: 'doomed' } })
    const { id, tokens } = (await res.json()) as RoomSummary & { tokens: Tokens }
    roomTokens.set(id, tokens)
    const client = await connectSynced(s.wsBase, id)
    expect((await api(`/api/rooms/${id}`, { method: 'DELETE' })).status).toBe(204)
    await waitFor(() => client.closes.includes(4404), 'client to be closed with 4404')
    client.destroy()
    await waitFor(() => !s.app.rooms.loadedIds().includes(id), 'room unloaded')
    expect(await s.app.store.loadDoc(id)).toBeUndefined()
  })

  it('answers unknown API paths with a JSON 404', async () => {
    const unknown = await api('/api/nothing-here')
    expect(unknown.status).toBe(404)
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND')
  })
})

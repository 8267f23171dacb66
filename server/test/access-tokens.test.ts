import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import { readCollection } from '@threatboard/shared'
import { connectSynced, items, type TestClient } from './helpers/clients.ts'
import { waitFor } from './helpers/poll.ts'
import { createRoomFull, startServer, storedDoc, type TestServer } from './helpers/server.ts'

/** How a request proves its role, and what it is told when it cannot (see src/auth). */
describe('invite tokens at the boundary', () => {
  let s: TestServer
  const clients: TestClient[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await s?.close()
  })

  const get = (url: string, authorization?: string) =>
    fetch(url, { headers: authorization ? { authorization } : {} })
  const errorOf = async (res: Response) => ({
    status: res.status,
    ...((await res.json()) as { error: { code: string; message: string } }).error,
  })

  it('lets the owner read, edit, hint and review like every other role may', async () => {
    s = await startServer()
    const r = await createRoomFull(s.url)
    const owner = `Bearer ${r.tokens.owner}`
    const read = await get(`${s.url}/api/rooms/${r.id}`, owner)
    expect(read.status).toBe(200)
    expect((await read.json()).role).toBe('owner')

    const board = await connectSynced(s.wsBase, r.id, r.tokens.owner)
    clients.push(board)
    items(board).set('by-owner', 'kept')
    await waitFor(
      async () => (await storedDoc(s, r.id)).getMap('test-items').has('by-owner'),
      'the owner’s edit on disk',
    )

    const post = (route: string, body: object) =>
      fetch(`${s.url}/api/rooms/${r.id}${route}`, {
        method: 'POST',
        headers: { authorization: owner, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    const hint = { text: 'Who can call this?', author: 'Olga', target: { kind: 'board' } }
    expect((await post('/hints', hint)).status).toBe(201)
    const review = { reviewer: 'Olga', verdict: 'reviewed', comment: 'Looks complete.' }
    expect((await post('/reviews', review)).status).toBe(201)
    await waitFor(() => readCollection(board.doc, 'reviews').length === 1, 'review on the board')
    expect(readCollection(board.doc, 'hints')).toHaveLength(1)
  })

  it('reads the token after "Bearer ", or from ?token= when the header is not a bearer', async () => {
    s = await startServer()
    const r = await createRoomFull(s.url)
    const room = `${s.url}/api/rooms/${r.id}`
    const withQuery = `${room}?token=${encodeURIComponent(r.tokens.viewer)}`
    // Spaces between the scheme and the token are not part of the token.
    expect((await get(room, `Bearer    ${r.tokens.viewer}`)).status).toBe(200)
    // A proxy's own credentials in the header leave the invite token in the URL in charge.
    expect((await get(withQuery, 'Basic dXNlcjpwYXNz')).status).toBe(200)
    // A repeated parameter is no token at all: refused, not a server error.
    const twice = await get(`${withQuery}&token=${encodeURIComponent(r.tokens.owner)}`)
    expect(await errorOf(twice)).toMatchObject({ status: 401, code: 'UNAUTHORIZED' })
  })

  it('says why a token is refused', async () => {
    s = await startServer()
    const r = await createRoomFull(s.url)
    const room = `${s.url}/api/rooms/${r.id}`
    expect(await errorOf(await get(room))).toMatchObject({
      status: 401,
      code: 'UNAUTHORIZED',
      message: expect.stringContaining('an invite token is required'),
    })
    // Up to 200 characters a token is looked up; longer ones are refused without a lookup.
    expect(await errorOf(await get(room, `Bearer tb_${'x'.repeat(197)}`))).toMatchObject({
      status: 401,
      message: 'this token is not valid for this room',
    })
    expect(await errorOf(await get(room, `Bearer tb_${'x'.repeat(198)}`))).toMatchObject({
      status: 401,
      code: 'UNAUTHORIZED',
      message: 'invalid token',
    })
    const rename = await fetch(room, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${r.tokens.viewer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Mine now' }),
    })
    expect(await errorOf(rename)).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
      message: 'the viewer role may not manage this room',
    })
  })

  it('stores only the SHA-256 of each token, so a copy of the database opens no room', async () => {
    s = await startServer()
    const r = await createRoomFull(s.url)
    await s.close()
    const file = path.join(s.dataDir, 'rooms.db')
    const db = new DatabaseSync(file, { readOnly: true })
    const rows = db
      .prepare('SELECT role, token_hash FROM room_tokens WHERE room_id = ? ORDER BY role')
      .all(r.id) as { role: keyof typeof r.tokens; token_hash: unknown }[]
    db.close()
    expect(rows.map((row) => row.role)).toEqual(['editor', 'observer', 'owner', 'viewer'])
    for (const { role, token_hash } of rows) {
      expect(token_hash).toBe(createHash('sha256').update(r.tokens[role]).digest('hex'))
    }
    const bytes = readFileSync(file).toString('latin1')
    for (const token of Object.values(r.tokens)) expect(bytes).not.toContain(token)
  })
})

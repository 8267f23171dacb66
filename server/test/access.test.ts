import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import {
  CloseCode,
  getRecordsMap,
  readCollection,
  ThreatSchema,
  writeEntity,
  writeRecord,
} from '@threatboard/shared'
import { redactToken } from '../src/app.ts'
import { connectClient, connectSynced, items, type TestClient } from './helpers/clients.ts'
import { dfdNode } from './helpers/boardRecords.ts'
import { awarenessFrame } from './helpers/frames.ts'
import { waitFor } from './helpers/poll.ts'
import {
  createRoomFull,
  startServer,
  storedDoc,
  syncUrl,
  type TestServer,
  type Tokens,
} from './helpers/server.ts'

/** Status of a refused WebSocket upgrade, and whether any message arrived. */
async function refusedUpgrade(url: string): Promise<{ status: number; messages: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url)
    let messages = 0
    ws.on('message', () => messages++)
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0, messages })
      ws.terminate()
    })
    ws.once('open', () => reject(new Error('upgrade accepted')))
    ws.on('error', () => {})
  })
}

describe('roles and invite tokens', () => {
  let s: TestServer
  const clients: TestClient[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await s.close()
  })
  const track = (c: TestClient) => (clients.push(c), c)
  const call = (
    path: string,
    token: string | undefined,
    init: RequestInit & { json?: unknown } = {},
  ) =>
    fetch(`${s.url}${path}`, {
      ...init,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
    })

  it('returns one token and one share link per role, once', async () => {
    s = await startServer()
    const room = await createRoomFull(s.url)
    expect(Object.keys(room.tokens).sort()).toEqual(['editor', 'observer', 'owner', 'viewer'])
    expect(new Set(Object.values(room.tokens)).size).toBe(4)
    for (const t of Object.values(room.tokens)) expect(t).toMatch(/^tb_[A-Za-z0-9_-]{43}$/)
    expect(room.links.editor).toBe(`${s.url}/r/${room.id}#token=${room.tokens.editor}`)
    const read = await (await call(`/api/rooms/${room.id}`, room.tokens.viewer)).json()
    expect(read.role).toBe('viewer')
    expect(JSON.stringify(read)).not.toContain('tb_')
  })

  it('opens nothing without a token, or with another room’s token', async () => {
    s = await startServer()
    const a = await createRoomFull(s.url)
    const b = await createRoomFull(s.url)
    expect((await call(`/api/rooms/${a.id}`, undefined)).status).toBe(401)
    expect((await call(`/api/rooms/${a.id}`, 'tb_forged')).status).toBe(401)
    expect((await call(`/api/rooms/${b.id}`, a.tokens.owner)).status).toBe(401)
    expect((await call(`/api/rooms/${b.id}`, a.tokens.owner, { method: 'DELETE' })).status).toBe(
      401,
    )
    expect(await refusedUpgrade(`${s.wsBase}/sync/${a.id}`)).toEqual({ status: 401, messages: 0 })
    expect(
      await refusedUpgrade(`${s.wsBase}/sync/${b.id}?token=${encodeURIComponent(a.tokens.owner)}`),
    ).toEqual({ status: 401, messages: 0 })
  })

  it('lets only the owner rename, delete and manage invites', async () => {
    s = await startServer()
    const r = await createRoomFull(s.url)
    for (const role of ['editor', 'observer', 'viewer'] as const) {
      const t = r.tokens[role]
      expect(
        (await call(`/api/rooms/${r.id}`, t, { method: 'PATCH', json: { title: 'x' } })).status,
      ).toBe(403)
      expect((await call(`/api/rooms/${r.id}`, t, { method: 'DELETE' })).status).toBe(403)
      expect((await call(`/api/rooms/${r.id}/tokens/viewer`, t, { method: 'POST' })).status).toBe(
        403,
      )
    }
    const renamed = await call(`/api/rooms/${r.id}`, r.tokens.owner, {
      method: 'PATCH',
      json: { title: 'Renamed' },
    })
    expect((await renamed.json()).title).toBe('Renamed')
  })

  it('drops every document update from observers and viewers, and tells them once', async () => {
    s = await startServer()
    const r = await createRoomFull(s.url)
    const editor = track(await connectSynced(s.wsBase, r.id, r.tokens.editor))
    items(editor).set('team', 'work')
    for (const role of ['observer', 'viewer'] as const) {
      const c = track(await connectSynced(s.wsBase, r.id, r.tokens[role]))
      await waitFor(() => items(c).get('team') === 'work', `${role} to read the board live`)
      const denied: string[] = []
      const ws = c.provider.ws as unknown as WebSocket
      ws.addEventListener('message', (e) => {
        const data = new Uint8Array(e.data as ArrayBuffer)
        if (data[0] === 2) denied.push(new TextDecoder().decode(data.slice(3)))
      })
      items(c).set(`forged-by-${role}`, true)
      items(c).set(`again-by-${role}`, true)
      await waitFor(() => denied.length > 0, `${role} to be told`)
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(denied).toHaveLength(1)
      expect(denied[0]).toContain(`the ${role} role cannot change this room`)
    }
    // The editor's later change arrives, the forged ones never did.
    items(editor).set('later', 1)
    const late = track(await connectSynced(s.wsBase, r.id, r.tokens.editor))
    await waitFor(() => items(late).get('later') === 1, 'late joiner synced')
    expect([...items(late).keys()].sort()).toEqual(['later', 'team'])
    expect([...items(editor).keys()].sort()).toEqual(['later', 'team'])
    const doc = await storedDoc(s, r.id)
    expect([...doc.getMap('test-items').keys()].sort()).toEqual(['later', 'team'])
  })

  it('shares an observer’s cursor but refuses awareness for another client id', async () => {
    s = await startServer()
    const r = await createRoomFull(s.url)
    const editor = track(await connectSynced(s.wsBase, r.id, r.tokens.editor))
    const observer = track(await connectSynced(s.wsBase, r.id, r.tokens.observer))
    observer.provider.awareness.setLocalStateField('user', { name: 'Sam (security)' })
    await waitFor(
      () =>
        [...editor.provider.awareness.getStates().values()].some(
          (st) => st.user?.name === 'Sam (security)',
        ),
      'editor to see the observer',
    )
    // A forged awareness entry for the editor's own client id.
    const ws = new WebSocket(syncUrl(s.wsBase, r.id, 'observer'))
    await new Promise((resolve) => ws.once('message', resolve))
    ws.send(awarenessFrame(editor.doc.clientID, 99, { user: { name: 'Impostor' } }))
    editor.provider.awareness.setLocalStateField('user', { name: 'Edna' })
    await new Promise((resolve) => setTimeout(resolve, 200))
    const names = [...editor.provider.awareness.getStates().values()].map((st) => st.user?.name)
    expect(names).not.toContain('Impostor')
    ws.terminate()
  })

  it('shows each person with the role of their link, whatever role their presence claims', async () => {
    s = await startServer()
    const r = await createRoomFull(s.url)
    const owner = track(await connectSynced(s.wsBase, r.id, r.tokens.owner))
    const editor = track(await connectSynced(s.wsBase, r.id, r.tokens.editor))
    const observer = track(await connectSynced(s.wsBase, r.id, r.tokens.observer))
    editor.provider.awareness.setLocalState({ user: { name: 'Edna' }, role: 'owner' })
    observer.provider.awareness.setLocalState({ user: { name: 'Sam' } })
    const rolesSeen = (by: TestClient) =>
      Object.fromEntries(
        [...by.provider.awareness.getStates().values()]
          .filter((st) => st.user)
          .map((st) => [st.user.name, st.role]),
      )
    const rolesSeenByOwner = () => rolesSeen(owner)
    await waitFor(
      () => Object.keys(rolesSeenByOwner()).length === 2,
      'the owner to see the editor and the observer',
    )
    expect(rolesSeenByOwner()).toEqual({ Edna: 'editor', Sam: 'observer' })
    // Still so after a later change that claims a role again.
    editor.provider.awareness.setLocalStateField('role', 'owner')
    editor.provider.awareness.setLocalStateField('user', { name: 'Edna B.' })
    await waitFor(() => 'Edna B.' in rolesSeenByOwner(), 'the owner to see the new name')
    expect(rolesSeenByOwner()['Edna B.']).toBe('editor')
    // And for someone who joins after them, from the server's copy of the room's presence.
    const late = track(await connectSynced(s.wsBase, r.id, r.tokens.viewer))
    await waitFor(() => Object.keys(rolesSeen(late)).length === 2, 'the newcomer to see both')
    expect(rolesSeen(late)).toEqual({ 'Edna B.': 'editor', Sam: 'observer' })
  })

  it('closes a revoked token’s sockets within a second; the old token opens nothing', async () => {
    s = await startServer()
    const r = await createRoomFull(s.url)
    const observer = track(connectClient(s.wsBase, r.id, { token: r.tokens.observer }))
    await waitFor(() => observer.provider.synced, 'observer synced')
    const editor = track(await connectSynced(s.wsBase, r.id, r.tokens.editor))
    const started = Date.now()
    const res = await call(`/api/rooms/${r.id}/tokens/observer`, r.tokens.owner, {
      method: 'DELETE',
    })
    expect(res.status).toBe(204)
    await waitFor(
      () => observer.closes.includes(CloseCode.TOKEN_REVOKED),
      'revoked socket closed',
      1000,
    )
    expect(Date.now() - started).toBeLessThan(1000)
    observer.provider.shouldConnect = false
    expect(editor.closes).toEqual([])
    expect((await call(`/api/rooms/${r.id}`, r.tokens.observer)).status).toBe(401)
    expect((await refusedUpgrade(syncUrl(s.wsBase, r.id, 'observer'))).status).toBe(401)

    const reissued = await (
      await call(`/api/rooms/${r.id}/tokens/observer`, r.tokens.owner, { method: 'POST' })
    ).json()
    expect(reissued.token).not.toBe(r.tokens.observer)
    expect((await (await call(`/api/rooms/${r.id}`, reissued.token)).json()).role).toBe('observer')
  })

  it('requires ADMIN_TOKEN for creating and listing rooms when it is set', async () => {
    const admin = 'admin-secret-0123456789'
    s = await startServer({ env: { ADMIN_TOKEN: admin } })
    const create = (token?: string) =>
      call('/api/rooms', token, { method: 'POST', json: { title: 't' } })
    expect((await create()).status).toBe(401)
    expect((await create('wrong-admin-token-000')).status).toBe(401)
    expect((await call('/api/rooms', undefined)).status).toBe(401)
    expect((await create(admin)).status).toBe(201)
    expect((await (await call('/api/rooms', admin)).json()).rooms).toHaveLength(1)
  })

  it('rate-limits room creation', async () => {
    s = await startServer({ env: { RATE_LIMIT_CREATE_PER_MIN: '3' } })
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) {
      statuses.push(
        (await call('/api/rooms', undefined, { method: 'POST', json: { title: 't' } })).status,
      )
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429])
    const body = await (
      await call('/api/rooms', undefined, { method: 'POST', json: { title: 't' } })
    ).json()
    expect(body.error.code).toBe('TOO_MANY_REQUESTS')
  })

  it('keeps tokens out of logged URLs', () => {
    expect(redactToken('/sync/abc?token=tb_secret&x=1')).toBe('/sync/abc?token=[redacted]&x=1')
  })
})

describe('hints and reviews', () => {
  let s: TestServer
  let r: { id: string; tokens: Tokens }
  const clients: TestClient[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await s.close()
  })
  const call = (path: string, role: keyof Tokens, method = 'GET', json?: unknown) =>
    fetch(`${s.url}/api/rooms/${r.id}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${r.tokens[role]}`,
        ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: json !== undefined ? JSON.stringify(json) : undefined,
    })
  const hint = (over: object = {}) => ({
    text: 'Have you looked at who can call this endpoint?',
    author: 'Sam (security)',
    target: { kind: 'board' },
    ...over,
  })

  it('lets an observer post a hint that every participant sees, attributed and timestamped', async () => {
    s = await startServer()
    r = await createRoomFull(s.url)
    const editor = await connectSynced(s.wsBase, r.id, r.tokens.editor)
    clients.push(editor)
    // A hint names what is in the room: an unknown threat or element is refused, with why.
    for (const [target, message] of [
      [{ kind: 'threat', id: 't1' }, 'no threat t1 in the model'],
      [{ kind: 'element', id: 'shape:nowhere' }, 'no element shape:nowhere on the board'],
    ] as const) {
      const refused = await call('/hints', 'observer', 'POST', hint({ target }))
      expect(refused.status).toBe(422)
      expect((await refused.json()).error.message).toBe(message)
    }
    const threat = ThreatSchema.parse({
      id: 't1',
      category: 'spoofing',
      title: 'Stolen session cookie replayed',
      targets: { elements: [], assets: [] },
      severity: 'high',
      status: 'open',
      createdAt: 1,
    })
    writeEntity(editor.doc, 'threats', threat)
    await waitFor(async () => {
      const room = await s.app.rooms.peek(r.id)
      return room && readCollection(room.doc, 'threats').length === 1
    }, 'the server to have the threat')
    const res = await call(
      '/hints',
      'observer',
      'POST',
      hint({ target: { kind: 'threat', id: 't1' } }),
    )
    expect(res.status).toBe(201)
    const posted = await res.json()
    expect(posted).toMatchObject({ author: 'Sam (security)', state: 'open', hidden: false })
    expect(posted.createdAt).toBeGreaterThan(Date.now() - 5000)
    await waitFor(() => readCollection(editor.doc, 'hints').length === 1, 'editor to see the hint')
    expect(readCollection(editor.doc, 'hints')[0]!.target).toEqual({ kind: 'threat', id: 't1' })

    expect((await call('/hints', 'editor', 'POST', hint())).status).toBe(403)
    expect((await call('/hints', 'viewer', 'POST', hint())).status).toBe(403)
    const bad = await call('/hints', 'observer', 'POST', hint({ text: '' }))
    expect(bad.status).toBe(400)
    expect((await bad.json()).error.message).toContain('hint must not be empty')
    const spoofed = await call('/hints', 'observer', 'POST', hint({ author: 'Sam\u202E (owner)' }))
    expect(spoofed.status).toBe(400)
    expect((await spoofed.json()).error.message).toContain('author must be one line of plain text')

    const resolved = await call(`/hints/${posted.id}`, 'editor', 'PATCH', { state: 'resolved' })
    expect((await resolved.json()).state).toBe('resolved')
    await waitFor(() => readCollection(editor.doc, 'hints')[0]?.state === 'resolved', 'resolved')
    expect((await call(`/hints/${posted.id}`, 'observer', 'PATCH', { state: 'open' })).status).toBe(
      403,
    )
    expect((await call(`/hints/${posted.id}`, 'editor', 'DELETE')).status).toBe(403)
    expect((await call(`/hints/${posted.id}`, 'observer', 'DELETE')).status).toBe(204)
    await waitFor(() => readCollection(editor.doc, 'hints').length === 0, 'hint deleted')
  })

  it('refuses a hint on a shape that no browser draws, and takes one on a drawn shape', async () => {
    s = await startServer()
    r = await createRoomFull(s.url)
    const editor = await connectSynced(s.wsBase, r.id, r.tokens.editor)
    clients.push(editor)
    const records = getRecordsMap(editor.doc)
    const api = dfdNode('shape:api', 'process', 'Login API', { x: 0, y: 0 })
    editor.doc.transact(() => {
      writeRecord(records, api)
      // written past the browser's validators: a kind tldraw's schema refuses
      writeRecord(records, {
        ...api,
        id: 'shape:broken',
        props: { ...(api.props as object), kind: 7 },
      })
      // inside itself, through its parent: no browser draws either
      writeRecord(records, { ...api, id: 'shape:a', parentId: 'shape:b' })
      writeRecord(records, { ...api, id: 'shape:b', parentId: 'shape:a' })
    })
    await waitFor(async () => {
      const room = await s.app.rooms.peek(r.id)
      return room && getRecordsMap(room.doc).size >= 4
    }, 'the server to have the shapes')
    for (const id of ['shape:broken', 'shape:a']) {
      const refused = await call(
        '/hints',
        'observer',
        'POST',
        hint({ target: { kind: 'element', id } }),
      )
      expect(refused.status).toBe(422)
      expect((await refused.json()).error.message).toBe(`no element ${id} on the board`)
    }
    const target = { kind: 'element', id: 'shape:api' }
    const res = await call('/hints', 'observer', 'POST', hint({ target }))
    expect(res.status).toBe(201)
    await waitFor(() => readCollection(editor.doc, 'hints').length === 1, 'editor to see the hint')
    expect(readCollection(editor.doc, 'hints')[0]!.target).toEqual(target)
  })

  it('keeps a staged hint off the shared document until it is revealed', async () => {
    s = await startServer()
    r = await createRoomFull(s.url)
    const editor = await connectSynced(s.wsBase, r.id, r.tokens.editor)
    clients.push(editor)
    const staged = await (await call('/hints', 'observer', 'POST', hint({ hidden: true }))).json()
    expect(staged.hidden).toBe(true)
    expect((await call('/hints/staged', 'editor')).status).toBe(403)
    expect((await (await call('/hints/staged', 'observer')).json()).hints).toHaveLength(1)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(editor.doc.getMap('tb_hints').size).toBe(0)

    const revealed = await call(`/hints/${staged.id}/reveal`, 'observer', 'POST')
    expect((await revealed.json()).hidden).toBe(false)
    await waitFor(() => readCollection(editor.doc, 'hints').length === 1, 'revealed hint visible')
    expect((await (await call('/hints/staged', 'observer')).json()).hints).toHaveLength(0)
  })

  it('records an observer’s review with its verdict and comment', async () => {
    s = await startServer()
    r = await createRoomFull(s.url)
    const editor = await connectSynced(s.wsBase, r.id, r.tokens.editor)
    clients.push(editor)
    const body = {
      reviewer: 'Sam',
      verdict: 'reviewed',
      comment: 'Good coverage of the payment flow.',
    }
    expect((await call('/reviews', 'editor', 'POST', body)).status).toBe(403)
    expect((await call('/reviews', 'observer', 'POST', { ...body, verdict: 'maybe' })).status).toBe(
      400,
    )
    // Asking for changes without saying which is refused, with the reason.
    const vague = await call('/reviews', 'observer', 'POST', {
      ...body,
      verdict: 'changes-requested',
      comment: '  ',
    })
    expect(vague.status).toBe(400)
    expect((await vague.json()).error.message).toBe(
      'invalid review: comment: say what should change when requesting changes',
    )
    const twoLines = await call('/reviews', 'observer', 'POST', {
      ...body,
      reviewer: 'Sam\r\nCISO',
    })
    expect(twoLines.status).toBe(400)
    expect((await twoLines.json()).error.message).toContain('reviewer must be one line')
    expect((await call('/reviews', 'observer', 'POST', body)).status).toBe(201)
    await waitFor(() => readCollection(editor.doc, 'reviews').length === 1, 'review visible')
    expect(readCollection(editor.doc, 'reviews')[0]).toMatchObject({
      verdict: 'reviewed',
      reviewer: 'Sam',
    })
  })
})

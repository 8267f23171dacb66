import * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import { readLastVersion } from '@threatboard/shared'
import { connectSynced, items, type TestClient } from './helpers/clients.ts'
import { waitFor } from './helpers/poll.ts'
import { createRoomFull, startServer, type TestServer, type Tokens } from './helpers/server.ts'

describe('named versions', () => {
  let s: TestServer
  const clients: TestClient[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await s.close()
  })

  it('saves a snapshot with who and when, lists it, and serves it read-only', async () => {
    s = await startServer()
    const r = await createRoomFull(s.url)
    const call = (path: string, role: keyof Tokens, method = 'GET', json?: unknown) =>
      fetch(`${s.url}/api/rooms/${r.id}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${r.tokens[role]}`,
          ...(json ? { 'content-type': 'application/json' } : {}),
        },
        body: json ? JSON.stringify(json) : undefined,
      })
    const editor = await connectSynced(s.wsBase, r.id, r.tokens.editor)
    clients.push(editor)
    items(editor).set('state', 'at the version')
    await waitFor(async () => {
      const room = await s.app.rooms.peek(r.id)
      return room?.doc.getMap('test-items').get('state') === 'at the version'
    }, 'server to have the edit')

    expect((await call('/versions', 'viewer', 'POST', { name: 'x', createdBy: 'v' })).status).toBe(
      403,
    )
    expect(
      (await call('/versions', 'editor', 'POST', { name: ' ', createdBy: 'Ada' })).status,
    ).toBe(400)
    // A name or author that would reorder or break the version list's lines is refused.
    for (const body of [
      { name: 'End of session\u202Efdp.exe', createdBy: 'Ada' },
      { name: 'End of session', createdBy: 'Ada\nAdmin' },
    ]) {
      const refused = await call('/versions', 'editor', 'POST', body)
      expect(refused.status).toBe(400)
      expect((await refused.json()).error.message).toContain('must be one line of plain text')
    }
    const saved = await call('/versions', 'editor', 'POST', {
      name: 'End of session',
      createdBy: 'Ada',
    })
    expect(saved.status).toBe(201)
    const version = await saved.json()
    expect(version).toMatchObject({ number: 1, name: 'End of session', createdBy: 'Ada' })
    // Everyone connected is told through the document, so no client asks for the list on a timer.
    await waitFor(() => readLastVersion(editor.doc) === version.id, 'the version to reach the room')

    items(editor).set('state', 'changed afterwards')
    const list = await (await call('/versions', 'viewer')).json()
    expect(list.versions.map((v: { name: string }) => v.name)).toEqual(['End of session'])

    const res = await call(`/versions/${version.id}/doc`, 'viewer')
    expect(res.headers.get('content-type')).toBe('application/octet-stream')
    const doc = new Y.Doc()
    Y.applyUpdate(doc, new Uint8Array(await res.arrayBuffer()))
    expect(doc.getMap('test-items').get('state')).toBe('at the version')
    expect((await call('/versions/nope/doc', 'viewer')).status).toBe(404)
  })
})

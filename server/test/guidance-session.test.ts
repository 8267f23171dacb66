import { afterEach, describe, expect, it } from 'vitest'
import { CloseCode, getSessionMap, readSession, writeSession } from '@threatboard/shared'
import { connectSynced, type TestClient } from './helpers/clients.ts'
import { waitFor } from './helpers/poll.ts'
import { createRoom, startServer, storedDoc, type TestServer } from './helpers/server.ts'

/**
 * The facilitator's "show suggestions to everyone" flag (issue 14) is part of the session, which
 * the server validates like the rest of the model: a yes/no passes and reaches everyone, any
 * other value is refused.
 */
describe('the session flag that shows guidance suggestions', () => {
  let s: TestServer
  const clients: TestClient[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await s.close()
  })

  it('reaches every participant and is stored', async () => {
    s = await startServer()
    const id = await createRoom(s.url)
    const a = await connectSynced(s.wsBase, id)
    const b = await connectSynced(s.wsBase, id)
    clients.push(a, b)
    expect(readSession(b.doc).showSuggestions).toBeUndefined()
    writeSession(a.doc, { showSuggestions: true })
    await waitFor(() => readSession(b.doc).showSuggestions === true, 'b to see the flag')
    await waitFor(
      async () => readSession(await storedDoc(s, id)).showSuggestions === true,
      'the flag to be stored',
    )
  })

  it('refuses a flag that is not a yes/no', async () => {
    s = await startServer()
    const id = await createRoom(s.url)
    const c = await connectSynced(s.wsBase, id)
    clients.push(c)
    getSessionMap(c.doc).set('showSuggestions', 'yes')
    await waitFor(() => c.closes.includes(CloseCode.INVALID_UPDATE), 'the writer to be closed')
    c.provider.shouldConnect = false
    expect(getSessionMap(await storedDoc(s, id)).has('showSuggestions')).toBe(false)
  })
})

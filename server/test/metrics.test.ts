import { afterEach, describe, expect, it } from 'vitest'
import { connectClient, connectSynced, items, type TestClient } from './helpers/clients.ts'
import { metric } from '@threatboard/shared/testing/metrics'
import { waitFor } from './helpers/poll.ts'
import { createRoomFull, startServer, type TestServer } from './helpers/server.ts'

describe('/metrics', () => {
  let s: TestServer
  const clients: TestClient[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await s.close()
  })

  it('counts connections, rooms, stored updates, refusals and HTTP latency for Prometheus', async () => {
    s = await startServer()
    const r = await createRoomFull(s.url)
    const editor = await connectSynced(s.wsBase, r.id, r.tokens.editor)
    const observer = connectClient(s.wsBase, r.id, { token: r.tokens.observer })
    clients.push(editor, observer)
    await waitFor(() => observer.provider.synced, 'observer synced')
    for (let i = 0; i < 5; i++) items(editor).set(`k${i}`, i)
    await waitFor(() => items(observer).size === 5, 'the observer to see the edits')
    items(observer).set('forged', 1)

    let text = ''
    await waitFor(async () => {
      const res = await fetch(`${s.url}/metrics`)
      expect(res.headers.get('content-type')).toContain('text/plain')
      text = await res.text()
      return metric(text, 'threatboard_refused_messages_total{reason="read-only"}') === 1
    }, 'the observer’s write counted as refused')
    expect(metric(text, 'threatboard_connections')).toBe(2)
    expect(metric(text, 'threatboard_rooms_loaded')).toBe(1)
    // The edits were just made: the room's document is loaded, and never slept.
    expect(metric(text, 'threatboard_rooms_asleep')).toBe(0)
    expect(metric(text, 'threatboard_room_wakes_total')).toBe(0)
    expect(metric(text, 'threatboard_updates_total{source="stored"}')).toBe(5)
    expect(metric(text, 'threatboard_store_append_batch_updates_sum')).toBe(5)
    expect(metric(text, 'threatboard_fanout_up')).toBe(1)
    expect(
      metric(
        text,
        'threatboard_http_request_seconds_count{method="POST",route="/api/rooms",status="201"}',
      ),
    ).toBe(1)
  })

  it('is behind the admin token when the server has one', async () => {
    const adminToken = 'a-long-enough-admin-token'
    s = await startServer({ env: { ADMIN_TOKEN: adminToken } })
    expect((await fetch(`${s.url}/metrics`)).status).toBe(401)
    const res = await fetch(`${s.url}/metrics`, {
      headers: { authorization: `Bearer ${adminToken}` },
    })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('threatboard_rooms_loaded 0')
  })
})

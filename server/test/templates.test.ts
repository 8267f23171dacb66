import { afterEach, describe, expect, it } from 'vitest'
import {
  CloseCode,
  getRecordsMap,
  readAllRecords,
  readSession,
  readTrainingOf,
  STARTER_TEMPLATES,
  writeEntity,
  writeSession,
  type TrainingComparison,
} from '@threatboard/shared'
import { connectSynced, type TestClient } from './helpers/clients.ts'
import { waitFor } from './helpers/poll.ts'
import { roomTokens, startServer, type TestServer, type Tokens } from './helpers/server.ts'

interface Created {
  id: string
  tokens: Tokens
}
interface CreatedTraining {
  id: string
  facilitator: Created
  groups: (Created & { name: string })[]
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const json = { 'content-type': 'application/json' }

describe('starter templates and training mode', () => {
  let s: TestServer
  const clients: TestClient[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await s.close()
  })

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${s.url}${path}`, {
      method: 'POST',
      headers: { ...json, ...headers },
      body: JSON.stringify(body),
    })

  it('lists the templates and opens a room created from each with its diagram', async () => {
    s = await startServer()
    const list = (await (await fetch(`${s.url}/api/templates`)).json()) as {
      templates: { id: string; name: string; training: boolean }[]
    }
    expect(list.templates.map((t) => t.id)).toEqual(STARTER_TEMPLATES.map((t) => t.id))
    expect(list.templates.find((t) => t.id === 'billing-training')?.training).toBe(true)
    expect(JSON.stringify(list)).not.toContain('Forged payment results')

    for (const template of STARTER_TEMPLATES) {
      const res = await post('/api/rooms', { title: template.name, template: template.id })
      expect(res.status).toBe(201)
      const room = (await res.json()) as Created
      roomTokens.set(room.id, room.tokens)
      const c = await connectSynced(s.wsBase, room.id)
      clients.push(c)
      const shapes = readAllRecords(getRecordsMap(c.doc)).filter((r) => r.typeName === 'shape')
      expect(
        shapes
          .filter((r) => r.type === 'dfd-node')
          .map((r) => (r.props as { name: string }).name)
          .sort(),
      ).toEqual(template.nodes.map((n) => n.name).sort())
      expect(shapes.filter((r) => r.type === 'arrow')).toHaveLength(template.flows.length)
      expect(readSession(c.doc).description).toBe(template.description)
    }
  })

  it('refuses an unknown template, naming the known ones', async () => {
    s = await startServer()
    const res = await post('/api/rooms', { title: 'x', template: 'spaceship' })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(
      'web-app',
    )
  })

  it('gates template rooms and trainings behind the admin token like room creation', async () => {
    s = await startServer({ env: { ADMIN_TOKEN: 'admin-secret-token-1234' } })
    expect((await post('/api/rooms', { title: 'x', template: 'web-app' })).status).toBe(401)
    const body = { title: 'Class', template: 'billing-training', groups: 2 }
    expect((await post('/api/trainings', body)).status).toBe(401)
    const ok = await post('/api/trainings', body, bearer('admin-secret-token-1234'))
    expect(ok.status).toBe(201)
  })

  it('runs a training: groups mark top threats, experts stay hidden until the facilitator reveals them', async () => {
    s = await startServer()
    const res = await post('/api/trainings', {
      title: 'Class',
      template: 'billing-training',
      groups: 3,
    })
    expect(res.status).toBe(201)
    const training = (await res.json()) as CreatedTraining
    expect(training.groups.map((g) => g.name)).toEqual(['Group 1', 'Group 2', 'Group 3'])
    const owner = training.facilitator.tokens.owner
    const g1 = training.groups[0]!
    const g2 = training.groups[1]!

    // Group 1 records the webhook spoofing threat and another, and marks both top.
    const c1 = await connectSynced(s.wsBase, g1.id, g1.tokens.editor)
    clients.push(c1)
    const threat = (id: string, element: string, category: string) => ({
      id,
      category,
      title: `${category} on ${element}`,
      description: '',
      targets: { elements: [`shape:${element}`], assets: [] },
      severity: 'high',
      status: 'open',
      mitigation: '',
      author: 'Group 1',
      createdAt: 1,
    })
    writeEntity(c1.doc, 'threats', threat('w', 'webhook', 'spoofing') as never)
    writeEntity(c1.doc, 'threats', threat('a', 'admin-console', 'tampering') as never)
    writeSession(c1.doc, { topThreats: ['w', 'a'] })
    expect(readTrainingOf(c1.doc)).toEqual({ trainingId: training.id, name: 'Group 1' })

    const view = async (token: string) => {
      const r = await fetch(`${s.url}/api/trainings/${training.id}`, { headers: bearer(token) })
      return { status: r.status, body: (await r.json()) as TrainingComparison & { role: string } }
    }
    await waitFor(
      async () => (await view(owner)).body.groups[0]!.top.length === 2,
      'group 1 top two',
    )

    // A group sees the comparison but not the expert threats; the facilitator sees them staged.
    const before = await view(g2.tokens.editor)
    expect(before.status).toBe(200)
    expect(before.body.role).toBe('group')
    expect(before.body.experts).toBeUndefined()
    expect(JSON.stringify(before.body)).not.toContain('Forged payment results')
    const staged = await view(owner)
    expect(staged.body.revealed).toBe(false)
    expect(staged.body.experts?.length).toBe(6)
    expect((await view(training.facilitator.tokens.editor)).body.experts).toBeUndefined()
    expect((await view('not-a-token')).status).toBe(401)

    // Only the facilitator reveals.
    const reveal = (token: string) =>
      fetch(`${s.url}/api/trainings/${training.id}/reveal`, {
        method: 'POST',
        headers: bearer(token),
      })
    expect((await reveal(g1.tokens.owner)).status).toBe(401)
    expect((await reveal(training.facilitator.tokens.editor)).status).toBe(403)
    expect((await reveal(owner)).status).toBe(200)

    const after = await view(g2.tokens.editor)
    expect(after.body.revealed).toBe(true)
    const webhook = after.body.experts!.find((e) => e.elementName === 'Webhook receiver')!
    expect(webhook).toMatchObject({ category: 'spoofing', found: ['top', 'missed', 'missed'] })
    expect(after.body.groups[0]!.top.map((t) => t.elements)).toEqual([
      ['Webhook receiver'],
      ['Admin console'],
    ])
  })

  it('holds a group to three top threats', async () => {
    s = await startServer()
    const res = await post('/api/trainings', { title: 'Class', template: 'web-app', groups: 2 })
    const training = (await res.json()) as CreatedTraining
    const g = training.groups[0]!
    const c = await connectSynced(s.wsBase, g.id, g.tokens.editor)
    clients.push(c)
    writeSession(c.doc, { topThreats: ['a', 'b', 'c'] })
    // A fourth, written past the client-side check, is refused by the server.
    c.doc.getMap('tb_session').set('topThreats', ['a', 'b', 'c', 'd'])
    await waitFor(() => c.closes.includes(CloseCode.INVALID_UPDATE), 'the writer to be closed')
  })
})

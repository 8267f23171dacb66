import type * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import {
  getRecordsMap,
  readAllRecords,
  readCollection,
  ThreatSchema,
  writeEntity,
  writeRecord,
} from '@threatboard/shared'
import { connectSynced, type TestClient } from './helpers/clients.ts'
import { waitFor } from './helpers/poll.ts'
import {
  createRoomFull,
  startServer,
  storedDoc,
  type TestServer,
  type Tokens,
} from './helpers/server.ts'

const shape = (n: number) => ({
  id: `shape:box${n}`,
  typeName: 'shape',
  type: 'geo',
  parentId: 'page:page',
  index: `a${n}`,
  x: 100 * n,
  y: 50,
  rotation: 0,
  isLocked: false,
  opacity: 1,
  props: { geo: 'rectangle', w: 80, h: 40 },
  meta: {},
})

const recordIds = (doc: Y.Doc) =>
  readAllRecords(getRecordsMap(doc))
    .map((r) => r.id)
    .sort()

describe('restore a room from one of its versions', () => {
  let s: TestServer
  const clients: TestClient[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await s.close()
  })

  it('brings back a wiped board and model live for everyone, keeping hints (owner only)', async () => {
    s = await startServer()
    const r = await createRoomFull(s.url)
    const call = (path: string, role: keyof Tokens, json?: unknown) =>
      fetch(`${s.url}/api/rooms/${r.id}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${r.tokens[role]}`,
          ...(json ? { 'content-type': 'application/json' } : {}),
        },
        body: json ? JSON.stringify(json) : undefined,
      })
    const editor = await connectSynced(s.wsBase, r.id, r.tokens.editor)
    const viewer = await connectSynced(s.wsBase, r.id, r.tokens.viewer)
    clients.push(editor, viewer)
    editor.doc.transact(() => {
      for (let n = 1; n <= 3; n++) writeRecord(getRecordsMap(editor.doc), shape(n))
      writeEntity(
        editor.doc,
        'threats',
        ThreatSchema.parse({
          id: 't1',
          category: 'spoofing',
          title: 'Forged session cookie',
          targets: { elements: ['shape:box1'], assets: [] },
          severity: 'high',
          status: 'open',
          createdAt: 1,
        }),
      )
    })
    const full = ['document:document', 'page:page', 'shape:box1', 'shape:box2', 'shape:box3']
    await waitFor(() => recordIds(viewer.doc).length === full.length, 'the viewer to see the board')
    const saved = await call('/versions', 'editor', { name: 'Before lunch', createdBy: 'Ada' })
    expect(saved.status).toBe(201)
    const v1 = (await saved.json()) as { id: string; number: number }

    const hint = await call('/hints', 'observer', {
      text: 'Where is the session store?',
      author: 'Oscar',
      target: { kind: 'board' },
    })
    expect(hint.status).toBe(201)

    // The editor wipes everything: every record, the page and the document included, and the model.
    editor.doc.transact(() => {
      const records = getRecordsMap(editor.doc)
      for (const id of [...records.keys()]) records.delete(id)
      editor.doc.getMap('tb_threats').delete('t1')
    })
    await waitFor(() => recordIds(viewer.doc).length === 0, 'the viewer to see the wipe')

    expect((await call(`/versions/${v1.id}/restore`, 'editor')).status).toBe(403)
    expect((await call(`/versions/${v1.id}/restore`, 'observer')).status).toBe(403)
    expect((await call('/versions/vNoSuchVersion/restore', 'owner')).status).toBe(404)
    expect((await call('/versions/bad%20id/restore', 'owner')).status).toBe(404)

    const restored = await call(`/versions/${v1.id}/restore`, 'owner')
    expect(restored.status).toBe(200)
    expect(await restored.json()).toMatchObject({
      restored: { id: v1.id, number: 1, name: 'Before lunch', createdBy: 'Ada' },
    })
    for (const c of [editor, viewer]) {
      await waitFor(() => recordIds(c.doc).join() === full.join(), 'the board to come back')
      expect(readCollection(c.doc, 'threats').map((t) => t.title)).toEqual([
        'Forged session cookie',
      ])
      expect(readCollection(c.doc, 'hints').map((h) => h.text)).toEqual([
        'Where is the session store?',
      ])
    }
    const box2 = readAllRecords(getRecordsMap(viewer.doc)).find((x) => x.id === 'shape:box2')
    expect(box2).toMatchObject({ x: 200, y: 50, props: { geo: 'rectangle', w: 80, h: 40 } })

    // The editor can work on the restored board, and the stored room has it all.
    getRecordsMap(editor.doc).delete('shape:box3')
    await waitFor(() => !recordIds(viewer.doc).includes('shape:box3'), 'the edit after restore')
    const stored = await storedDoc(s, r.id)
    expect(recordIds(stored)).toEqual(full.filter((id) => id !== 'shape:box3'))
    expect(readCollection(stored, 'hints')).toHaveLength(1)
  })
})

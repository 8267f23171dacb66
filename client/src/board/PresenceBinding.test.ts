// @vitest-environment happy-dom
import * as Y from 'yjs'
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  atom,
  createTLStore,
  InstancePresenceRecordType,
  type TLInstancePresence,
  type TLPageId,
  type TLUser,
} from 'tldraw'
import { PresenceBinding } from './PresenceBinding.ts'

/** A remote person's presence, as their browser publishes it. */
const presenceOf = (userName: string, x: number): TLInstancePresence =>
  InstancePresenceRecordType.create({
    id: InstancePresenceRecordType.createId('theirs'),
    userId: 'user:sam' as never,
    userName,
    currentPageId: 'page:page' as TLPageId,
    cursor: { x, y: 20, type: 'default', rotation: 0 },
  })

afterEach(() => {
  vi.restoreAllMocks()
})

describe('PresenceBinding', () => {
  it("draws another person's cursor from their awareness state, and removes it when they leave", () => {
    const store = createTLStore({})
    const mine = new Awareness(new Y.Doc())
    const theirs = new Awareness(new Y.Doc())
    const me = atom<TLUser>('user', {
      id: 'user:edna',
      name: 'Edna',
      color: '#1565c0',
    } as unknown as TLUser)
    const binding = new PresenceBinding(store, mine, me)
    const relay = () =>
      applyAwarenessUpdate(mine, encodeAwarenessUpdate(theirs, [theirs.clientID]), 'peer')
    try {
      theirs.setLocalState({
        user: { id: 'user:sam', name: 'Sam', color: '#2e7d32' },
        presence: presenceOf('Sam\u202e', 10),
      })
      relay()
      const id = InstancePresenceRecordType.createId(String(theirs.clientID))
      expect(store.get(id)).toMatchObject({ userName: 'Sam', cursor: { x: 10, y: 20 } })

      theirs.setLocalState(null)
      relay()
      expect(store.get(id)).toBeUndefined()
    } finally {
      binding.dispose()
    }
  })
})

import { useEffect, useState } from 'react'
import { atom, createTLStore, type TLStore } from 'tldraw'
import { boardBindingUtils, boardShapeUtils } from '../shapes/index.ts'
import type * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import { $hasChosenName, $user } from '../user/localUser.ts'
import { PresenceBinding } from './PresenceBinding.ts'
import { YjsStoreBinding } from './YjsStoreBinding.ts'

/**
 * A tldraw store bound to a (synced) doc, and to the room's awareness when there is one, while
 * mounted. The bindings are attached before the store is returned, so no change of either side
 * is missed. Read-only roles (observer, viewer) and saved versions get a read-only editor that
 * writes nothing to the doc.
 */
export function useBoardStore(
  doc: Y.Doc,
  awareness: Awareness | null,
  readOnly: boolean,
): TLStore | null {
  const [store, setStore] = useState<TLStore | null>(null)
  useEffect(() => {
    const created = createTLStore({
      shapeUtils: boardShapeUtils,
      bindingUtils: boardBindingUtils,
      // Attribution (`user:` records) uses the same identity as presence.
      users: { currentUser: $user },
      collaboration: { status: null, mode: atom('mode', readOnly ? 'readonly' : 'readwrite') },
    })
    const records = new YjsStoreBinding(created, doc, { readOnly })
    const presence = awareness
      ? new PresenceBinding(created, awareness, $user, $hasChosenName)
      : null
    // The store is an external resource made by this effect; rendering it needs a second pass.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setStore(created)
    return () => {
      presence?.dispose()
      records.dispose()
      setStore(null)
    }
  }, [doc, awareness, readOnly])
  return store
}

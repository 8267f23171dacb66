import { useEffect, useState } from 'react'
import { atom, createTLStore, type TLStore } from 'tldraw'
import { boardBindingUtils, boardShapeUtils } from '../shapes/index.ts'
import type { RoomConnection } from '../sync/RoomConnection.ts'
import { $user } from '../user/localUser.ts'
import { PresenceBinding } from './PresenceBinding.ts'
import { YjsStoreBinding } from './YjsStoreBinding.ts'

/**
 * A tldraw store bound to the room's (already synced) doc and awareness while mounted. The
 * bindings are attached before the store is returned, so no change of either side is missed.
 * Read-only roles (observer, viewer) get a read-only editor and write nothing to the doc.
 */
export function useBoardStore(connection: RoomConnection, readOnly: boolean): TLStore | null {
  const [store, setStore] = useState<TLStore | null>(null)
  useEffect(() => {
    const created = createTLStore({
      shapeUtils: boardShapeUtils,
      bindingUtils: boardBindingUtils,
      // Attribution (`user:` records) uses the same identity as presence.
      users: { currentUser: $user },
      collaboration: { status: null, mode: atom('mode', readOnly ? 'readonly' : 'readwrite') },
    })
    const records = new YjsStoreBinding(created, connection.doc, { readOnly })
    const presence = new PresenceBinding(created, connection.provider.awareness, $user)
    // The store is an external resource made by this effect; rendering it needs a second pass.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setStore(created)
    return () => {
      presence.dispose()
      records.dispose()
      setStore(null)
    }
  }, [connection, readOnly])
  return store
}

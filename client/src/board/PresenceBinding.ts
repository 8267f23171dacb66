import type { Awareness } from 'y-protocols/awareness'
import {
  atom,
  createPresenceStateDerivation,
  InstancePresenceRecordType,
  react,
  type Signal,
  type TLInstancePresence,
  type TLStore,
  type TLUser,
} from 'tldraw'
import { filterValidRecords } from './filterValidRecords.ts'
import { FrameScheduler } from './FrameScheduler.ts'
import { cleanUserName } from '../user/userName.ts'

/** Who a client is, as published in its awareness state (read by the "who is here" list). */
export interface AwarenessUser {
  id: string
  name: string
  color: string
}

/** The fields of an awareness state that Threatboard uses. */
export interface AwarenessState {
  user?: AwarenessUser
  /** The tldraw presence record: cursor, selection, camera, … */
  presence?: TLInstancePresence | null
  /** The person's role in the room, written in by the server (never set by a client). */
  role?: unknown
}

interface AwarenessChanges {
  added: number[]
  updated: number[]
  removed: number[]
}

/** Presence record ids come from the awareness client id, never from what a peer sends. */
function presenceId(clientId: number) {
  return InstancePresenceRecordType.createId(String(clientId))
}

/**
 * Shares cursors and selections through y-websocket's awareness channel. This user's presence
 * record is published at most once per frame; every other client's becomes an
 * `instance_presence` record in the store (merged as remote, so it is never undone), from which
 * tldraw draws their cursors with names and colours. A record goes when its client's state goes.
 */
export class PresenceBinding {
  private readonly store: TLStore
  private readonly awareness: Awareness
  private readonly $user: Signal<TLUser>
  private readonly $named: Signal<boolean>
  private readonly $presence: Signal<TLInstancePresence | null>
  private readonly publishScheduler = new FrameScheduler(() => this.publish())
  private readonly stopReacting: () => void

  /**
   * `$named`: whether this user has chosen a name yet. Until then nothing is published (a state
   * without a user), so no one sees an "Anonymous" cursor or entry while the name is asked.
   */
  constructor(
    store: TLStore,
    awareness: Awareness,
    $user: Signal<TLUser>,
    $named: Signal<boolean> = atom('named', true),
  ) {
    this.store = store
    this.awareness = awareness
    this.$user = $user
    this.$named = $named
    const instanceId = presenceId(awareness.clientID)
    this.$presence = createPresenceStateDerivation($user, { instanceId })(store)
    this.stopReacting = react('publish presence', () => {
      this.$presence.get()
      this.$named.get()
      this.publishScheduler.schedule()
    })
    awareness.on('change', this.onAwarenessChange)
    this.onAwarenessChange({ added: [...awareness.getStates().keys()], updated: [], removed: [] })
  }

  dispose(): void {
    this.stopReacting()
    this.publishScheduler.cancel()
    this.awareness.off('change', this.onAwarenessChange)
    this.awareness.setLocalState(null)
    const ids = this.store.query.ids('instance_presence').get()
    this.store.mergeRemoteChanges(() => this.store.remove([...ids]))
  }

  private publish() {
    if (!this.$named.get()) {
      if (this.awareness.getLocalState()?.['user']) this.awareness.setLocalState({})
      return
    }
    const { id, name, color } = this.$user.get()
    const state: AwarenessState = { user: { id, name, color }, presence: this.$presence.get() }
    this.awareness.setLocalState(state)
  }

  private onAwarenessChange = ({ added, updated, removed }: AwarenessChanges) => {
    const states = this.awareness.getStates()
    const puts: TLInstancePresence[] = []
    const removes = removed.map(presenceId)
    for (const clientId of [...added, ...updated]) {
      if (clientId === this.awareness.clientID) continue
      const presence = (states.get(clientId) as AwarenessState | undefined)?.presence
      if (presence && typeof presence === 'object') {
        // Activity is timed by this clock: a peer's clock may be minutes off, which would make
        // tldraw hide its cursor as idle.
        const lastActivityTimestamp = presence.lastActivityTimestamp === null ? null : Date.now()
        // The name on the cursor, cleaned as the list of people cleans it.
        const userName =
          typeof presence.userName === 'string' ? cleanUserName(presence.userName) : ''
        puts.push({ ...presence, userName, id: presenceId(clientId), lastActivityTimestamp })
      } else {
        removes.push(presenceId(clientId))
      }
    }
    const valid = filterValidRecords(this.store, puts, 'presence') as TLInstancePresence[]
    const gone = removes.filter((id) => this.store.has(id))
    if (valid.length === 0 && gone.length === 0) return
    this.store.mergeRemoteChanges(() => {
      if (gone.length > 0) this.store.remove(gone)
      if (valid.length > 0) this.store.put(valid)
    })
  }
}

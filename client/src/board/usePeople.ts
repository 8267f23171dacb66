import { useCallback, useRef, useSyncExternalStore } from 'react'
import type { Awareness } from 'y-protocols/awareness'
import { ROLES, type Role } from '@threatboard/shared'
import type { AwarenessState, AwarenessUser } from './PresenceBinding.ts'
import { cleanUserName } from '../user/userName.ts'

export interface Person extends AwarenessUser {
  isSelf: boolean
  /**
   * Their role in the room as the server gave it to their connection (a client cannot claim
   * one); undefined for this user, whose own state is not stamped, and for an older server.
   */
  role?: Role
}

const roleOf = (state: AwarenessState): Role | undefined =>
  ROLES.find((role) => role === state.role)

/** Grey, for a colour that is not one (another client's presence is whatever it sent). */
const NO_COLOR = '#808080'

/**
 * Everyone in `awareness`, one entry per person, this user first. Names are cleaned as this
 * browser cleans its own (one line, no text-direction marks, at most 100 characters): another
 * client may publish anything.
 */
export function readPeople(awareness: Awareness): Person[] {
  const byId = new Map<string, Person>()
  for (const [clientId, state] of awareness.getStates()) {
    const user = (state as AwarenessState).user
    if (!user || typeof user.id !== 'string' || typeof user.name !== 'string') continue
    const isSelf = clientId === awareness.clientID
    // One entry per person, even with the board open in several tabs.
    if (!byId.has(user.id) || isSelf) {
      const role = isSelf ? undefined : roleOf(state as AwarenessState)
      const name = cleanUserName(user.name) || 'Anonymous'
      const color =
        typeof user.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : NO_COLOR
      byId.set(user.id, { id: user.id, name, color, isSelf, role })
    }
  }
  return [...byId.values()].sort(
    (a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name),
  )
}

function samePeople(a: Person[], b: Person[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => {
      const q = b[i]!
      return (
        p.id === q.id &&
        p.name === q.name &&
        p.color === q.color &&
        p.isSelf === q.isSelf &&
        p.role === q.role
      )
    })
  )
}

/**
 * Everyone connected to the room, this user first (no one while there is no connection yet).
 * Re-renders only when the list changes.
 */
export function usePeople(awareness: Awareness | undefined): Person[] {
  const last = useRef<Person[]>([])
  const subscribe = useCallback(
    (onChange: () => void) => {
      awareness?.on('change', onChange)
      return () => awareness?.off('change', onChange)
    },
    [awareness],
  )
  const getSnapshot = useCallback(() => {
    const next = awareness ? readPeople(awareness) : []
    if (!samePeople(last.current, next)) last.current = next
    return last.current
  }, [awareness])
  return useSyncExternalStore(subscribe, getSnapshot)
}

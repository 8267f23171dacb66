import {
  MAX_PARTICIPANT_NAME,
  MAX_PARTICIPANTS,
  type Role,
  type Session,
} from '@threatboard/shared'
import type { Person } from '../board/usePeople.ts'

type Participant = Session['participants'][number]

/** The session role a room role suggests; the team can retype it in the list. */
const SESSION_ROLE: Record<Role, string> = {
  owner: 'facilitator',
  editor: 'participant',
  observer: 'security-observer',
  viewer: 'viewer',
}

const key = (name: string) => name.trim().toLocaleLowerCase()

/**
 * The people in the room now whom the session's participants do not list yet (matched by name,
 * ignoring case), each with the session role their room role suggests: the role the server gave
 * them, or `selfRole` for this user. Nobody without a name, and no more than the list can hold.
 */
export function peopleNotListed(
  people: readonly Person[],
  listed: readonly Participant[],
  selfRole: Role,
): Participant[] {
  const seen = new Set(listed.map((p) => key(p.name)))
  const added: Participant[] = []
  for (const person of people) {
    const name = person.name.trim().slice(0, MAX_PARTICIPANT_NAME).trim()
    const role = person.isSelf ? selfRole : person.role
    if (!name || !role || seen.has(key(name))) continue
    seen.add(key(name))
    added.push({ name, role: SESSION_ROLE[role] })
  }
  return added.slice(0, Math.max(0, MAX_PARTICIPANTS - listed.length))
}

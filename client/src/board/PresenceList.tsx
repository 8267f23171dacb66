import type { Person } from './usePeople.ts'

interface PresenceListProps {
  people: Person[]
  onEditSelf: () => void
}

/**
 * Who is here: a coloured dot, a name and the role the server gave them per person (a name is
 * whatever someone typed; the role is not theirs to claim); your own entry opens the name editor.
 * On a phone each person is a ring of their colour around their initial, so several fit; the
 * names and roles are still read out.
 */
export function PresenceList({ people, onEditSelf }: PresenceListProps) {
  return (
    <ul className="tb-people" aria-label="People in this room" data-testid="presence-list">
      {people.map((person) => (
        <li
          key={person.id}
          className="tb-person"
          data-testid="presence-item"
          data-self={person.isSelf || undefined}
          title={
            person.isSelf
              ? 'You – click to change your name or colour'
              : person.role
                ? `${person.name} · ${person.role}`
                : person.name
          }
        >
          {person.isSelf ? (
            <button type="button" className="tb-person__self" onClick={onEditSelf}>
              <Badge person={person} />
              <span className="tb-person__name tb-narrow-hide">{person.name} (you)</span>
            </button>
          ) : (
            <>
              <Badge person={person} />
              <span className="tb-person__name tb-narrow-hide">{person.name}</span>
              {person.role && (
                <span
                  className="tb-person__role tb-narrow-hide"
                  data-testid="presence-role"
                  data-role={person.role}
                >
                  {person.role}
                </span>
              )}
            </>
          )}
        </li>
      ))}
    </ul>
  )
}

function Badge({ person }: { person: Person }) {
  return (
    <>
      <span className="tb-person__dot" style={{ background: person.color }} />
      <span className="tb-person__initial" style={{ borderColor: person.color }} aria-hidden="true">
        {[...person.name.trim()][0]?.toUpperCase() ?? '?'}
      </span>
    </>
  )
}

import type { Person } from './usePeople.ts'

interface PresenceListProps {
  people: Person[]
  onEditSelf: () => void
}

/** Who is here: a coloured dot and a name per person; your own entry opens the name editor. */
export function PresenceList({ people, onEditSelf }: PresenceListProps) {
  return (
    <ul className="tb-people" aria-label="People in this room" data-testid="presence-list">
      {people.map((person) => (
        <li
          key={person.id}
          className="tb-person"
          data-testid="presence-item"
          data-self={person.isSelf || undefined}
          title={person.isSelf ? 'You – click to change your name or colour' : person.name}
        >
          {person.isSelf ? (
            <button type="button" className="tb-person__self" onClick={onEditSelf}>
              <span className="tb-person__dot" style={{ background: person.color }} />
              {person.name} (you)
            </button>
          ) : (
            <>
              <span className="tb-person__dot" style={{ background: person.color }} />
              {person.name}
            </>
          )}
        </li>
      ))}
    </ul>
  )
}

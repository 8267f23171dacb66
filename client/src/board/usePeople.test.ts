import * as Y from 'yjs'
import { Awareness } from 'y-protocols/awareness'
import { describe, expect, it } from 'vitest'
import { readPeople } from './usePeople.ts'

/** An awareness holding this user's state and the given other clients' states. */
function awarenessWith(others: Record<number, unknown>): Awareness {
  const awareness = new Awareness(new Y.Doc())
  awareness.setLocalState({ user: { id: 'me', name: 'Olga', color: '#1971c2' } })
  for (const [id, state] of Object.entries(others)) {
    awareness.states.set(Number(id), state as Record<string, unknown>)
  }
  return awareness
}

describe('the people in the room, as the list shows them', () => {
  it('shows another client’s name as one clean line, whatever it published', () => {
    const people = readPeople(
      awarenessWith({
        7: {
          user: { id: 'x', name: `Dana\n\u202E(owner)\t${'a'.repeat(500)}`, color: '#e03131' },
          role: 'editor',
        },
      }),
    )
    const dana = people.find((p) => p.id === 'x')!
    expect(dana.name).toBe(`Dana (owner) ${'a'.repeat(500)}`.slice(0, 100))
    expect(dana.role).toBe('editor')
  })

  it('gives a colour that is not one grey, and leaves out a state without a name', () => {
    const people = readPeople(
      awarenessWith({
        7: { user: { id: 'x', name: 'Eve', color: 'red; background: url(https://evil.example)' } },
        8: { user: { id: 'y', name: { toString: 1 } } },
        9: { user: { id: 'z', name: '\u202E' } },
      }),
    )
    expect(people.map((p) => [p.name, p.color, p.isSelf])).toEqual([
      ['Olga', '#1971c2', true],
      ['Anonymous', '#808080', false],
      ['Eve', '#808080', false],
    ])
  })

  it('takes a role only from the roles there are', () => {
    const people = readPeople(
      awarenessWith({ 7: { user: { id: 'x', name: 'Mal', color: '#e03131' }, role: 'admin' } }),
    )
    expect(people.find((p) => p.id === 'x')!.role).toBeUndefined()
  })
})

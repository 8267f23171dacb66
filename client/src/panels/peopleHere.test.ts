import { describe, expect, it } from 'vitest'
import type { Person } from '../board/usePeople.ts'
import { peopleNotListed } from './peopleHere.ts'

const person = (name: string, role?: Person['role'], isSelf = false): Person => ({
  id: name,
  name,
  color: '#000',
  isSelf,
  role,
})

describe('the people here whom the participants do not list', () => {
  it('offers each with the session role of their room role, this user by their own', () => {
    const people = [
      person('Olga', undefined, true),
      person('Eddie', 'editor'),
      person('Sam', 'observer'),
      person('Val', 'viewer'),
    ]
    expect(peopleNotListed(people, [], 'owner')).toEqual([
      { name: 'Olga', role: 'facilitator' },
      { name: 'Eddie', role: 'participant' },
      { name: 'Sam', role: 'security-observer' },
      { name: 'Val', role: 'viewer' },
    ])
  })

  it('leaves out whoever is listed already, whatever the case or the role typed', () => {
    const listed = [{ name: 'eddie ', role: 'lead-engineer' }]
    expect(
      peopleNotListed([person('Eddie', 'editor'), person('Sam', 'observer')], listed, 'owner'),
    ).toEqual([{ name: 'Sam', role: 'security-observer' }])
  })

  it('leaves out a person whose role the server did not give, and one without a name', () => {
    expect(peopleNotListed([person('Mallory'), person('  ', 'editor')], [], 'owner')).toEqual([])
  })

  it('adds no more than the list holds (100)', () => {
    const listed = Array.from({ length: 99 }, (_, i) => ({ name: `P${i}`, role: 'participant' }))
    const here = [person('A', 'editor'), person('B', 'editor')]
    expect(peopleNotListed(here, listed, 'owner')).toEqual([{ name: 'A', role: 'participant' }])
  })
})

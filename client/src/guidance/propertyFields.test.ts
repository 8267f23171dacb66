import { describe, expect, it } from 'vitest'
import { changeProperty } from './propertyFields.ts'

describe('changeProperty', () => {
  it('sets a ticked flag or a chosen value, and removes an unticked or emptied one', () => {
    const set = changeProperty({ rateLimited: true }, 'privilegeLevel', 'root/admin')
    expect(set).toEqual({ rateLimited: true, privilegeLevel: 'root/admin' })
    expect(changeProperty(set, 'rateLimited', false)).toEqual({ privilegeLevel: 'root/admin' })
    expect(changeProperty(set, 'privilegeLevel', '')).toEqual({ rateLimited: true })
  })
})

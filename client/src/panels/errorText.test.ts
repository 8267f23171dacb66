import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { RecommendationSchema, writeEntity } from '@threatboard/shared'
import { errorText } from './errorText.ts'

describe('errorText', () => {
  it('turns a schema failure into sentences, not a JSON dump', () => {
    const result = RecommendationSchema.safeParse({
      id: 'r1',
      text: 'Sign it',
      priority: 'urgent',
      threatIds: ['t1'],
      status: 'proposed',
    })
    expect(result.success).toBe(false)
    const text = errorText(result.error)
    expect(text).toBe('priority must be one of high, medium, low')
    expect(text).not.toContain('{')
  })

  it('says what is wrong with a model entity refused, not where it is stored', () => {
    const doc = new Y.Doc()
    let refused: unknown
    try {
      writeEntity(doc, 'recommendations', {
        id: 'r1',
        text: 'x'.repeat(2001),
        priority: 'high',
        threatIds: ['t1'],
        status: 'proposed',
      } as never)
    } catch (err) {
      refused = err
    }
    expect(errorText(refused)).toBe('text must be at most 2000 characters')
  })

  it('keeps a plain error’s message', () => {
    expect(errorText(new Error('The server answered 500.'))).toBe('The server answered 500.')
  })
})

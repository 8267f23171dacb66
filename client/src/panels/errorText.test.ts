import { describe, expect, it } from 'vitest'
import { RecommendationSchema } from '@threatboard/shared'
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
    expect(text).toBe('priority: priority must be one of high, medium, low')
    expect(text).not.toContain('{')
  })

  it('keeps a plain error’s message', () => {
    expect(errorText(new Error('The server answered 500.'))).toBe('The server answered 500.')
  })
})

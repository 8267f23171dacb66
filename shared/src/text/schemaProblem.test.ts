import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { issueProblem, schemaProblem } from './schemaProblem.ts'

const File = z.object({
  version: z.string(),
  threats: z
    .array(
      z.object({
        title: z.string().max(10),
        severity: z.enum(['High', 'Medium', 'Low']),
        score: z.number().max(10),
        mitigated: z.boolean().optional(),
      }),
    )
    .max(2)
    .optional(),
})

const problem = (value: unknown) => {
  const parsed = File.safeParse(value)
  if (parsed.success) throw new Error('expected the file to be refused')
  return schemaProblem(parsed.error)
}

const threat = { title: 'Replay', severity: 'High', score: 3 }

describe('schemaProblem', () => {
  it('keeps a message the schema words itself, and names unknown fields and union kinds', () => {
    const Body = z.strictObject({
      title: z.string().max(5, 'title must be at most 5 characters'),
      owners: z.array(z.object({ name: z.string().max(3, 'name must be at most 3 letters') })),
      note: z
        .string()
        .refine((text) => !text.includes('\t'), 'no tabs, please')
        .optional(),
      target: z
        .discriminatedUnion('kind', [
          z.object({ kind: z.literal('board') }),
          z.object({ kind: z.literal('element'), id: z.string() }),
        ])
        .optional(),
    })
    const problems = (value: unknown) => {
      const parsed = Body.safeParse(value)
      if (parsed.success) throw new Error('expected the body to be refused')
      return parsed.error.issues.map((i) => issueProblem(i, 'the body'))
    }
    // Named once, by its path, when the message starts with the field's name.
    expect(problems({ title: 'Too long a title', owners: [] })).toEqual([
      'title must be at most 5 characters',
    ])
    expect(problems({ title: 'ok', owners: [{ name: 'Ada' }, { name: 'Grace' }] })).toEqual([
      'owners[1].name must be at most 3 letters',
    ])
    expect(problems({ title: 'ok', owners: [], note: 'a\tb' })).toEqual(['note: no tabs, please'])
    expect(problems({ title: 'ok', owners: [], extra: 1, more: 2 })).toEqual([
      'unknown fields “extra”, “more”',
    ])
    expect(problems({ title: 'ok', owners: [], target: { kind: 'page' } })).toEqual([
      '“target.kind” should be one of board, element',
    ])
    expect(problems('hi')).toEqual(['the body should be an object'])
  })

  it('says which field is missing or of the wrong kind, by its path, in words', () => {
    expect(problem({})).toBe('“version” is missing (text expected)')
    expect(problem({ version: 2 })).toBe('“version” should be text')
    expect(problem({ version: '1', threats: [threat, { ...threat, mitigated: 'yes' }] })).toBe(
      '“threats[1].mitigated” should be true or false',
    )
    expect(problem({ version: '1', threats: {} })).toBe('“threats” should be a list')
    expect(problem([])).toBe('the file should be an object')
  })

  it('names the allowed values and the limits', () => {
    expect(problem({ version: '1', threats: [{ ...threat, severity: 'Severe' }] })).toBe(
      '“threats[0].severity” should be one of High, Medium, Low',
    )
    expect(problem({ version: '1', threats: [{ ...threat, title: 'A very long title' }] })).toBe(
      '“threats[0].title” is too long (at most 10 characters)',
    )
    expect(problem({ version: '1', threats: [threat, threat, threat] })).toBe(
      '“threats” is too long (at most 2 items)',
    )
    expect(problem({ version: '1', threats: [{ ...threat, score: 11 }] })).toBe(
      '“threats[0].score” is too large (at most 10)',
    )
  })
})

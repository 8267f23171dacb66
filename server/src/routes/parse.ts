import type { z } from 'zod'
import { issueProblem } from '@threatboard/shared'
import { ApiError } from '../errors.ts'

/** Validates `value` against `schema` or throws a 400 naming every problem, in words. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const problems = result.error.issues.map((i) => issueProblem(i, 'the body'))
  throw new ApiError('BAD_REQUEST', `invalid ${what}: ${problems.join('; ')}`)
}

import type { z } from 'zod'
import { ApiError } from '../errors.ts'

/** Validates `value` against `schema` or throws a 400 naming every problem. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const problems = result.error.issues.map((i) =>
    i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message,
  )
  throw new ApiError('BAD_REQUEST', `invalid ${what}: ${problems.join('; ')}`)
}

import { issueProblem, ModelError } from '@threatboard/shared'
import type { z } from 'zod'

/**
 * An error in words for the person who caused it: a schema failure becomes its issues'
 * sentences ("priority must be one of high, medium, low"), never the validator's JSON dump; a
 * model entity refused, what is wrong with it (not its collection and id); anything else its
 * message.
 */
export function errorText(err: unknown): string {
  if (err instanceof ModelError) return err.problem
  const issues = (err as { issues?: unknown } | null)?.issues
  if (Array.isArray(issues) && issues.length > 0) {
    return (issues as z.core.$ZodIssue[]).map((i) => issueProblem(i, 'the value')).join('; ')
  }
  return err instanceof Error ? err.message : String(err)
}

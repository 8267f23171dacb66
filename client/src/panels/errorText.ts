interface Issue {
  path?: readonly PropertyKey[]
  message?: string
}

/**
 * An error in words for the person who caused it: a schema failure becomes its issues'
 * sentences ("priority: priority must be one of high, medium, low"), never the validator's
 * JSON dump; anything else its message.
 */
export function errorText(err: unknown): string {
  const issues = (err as { issues?: unknown } | null)?.issues
  if (Array.isArray(issues) && issues.length > 0) {
    return (issues as Issue[])
      .map((i) => {
        const where = (i.path ?? []).map(String).join(' ')
        return where ? `${where}: ${i.message ?? 'invalid'}` : (i.message ?? 'invalid')
      })
      .join('; ')
  }
  return err instanceof Error ? err.message : String(err)
}

import type { z } from 'zod'

/** What a value of each JSON type is called in a message. */
const JSON_TYPE: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
}

/** "text expected"-style names of what a schema wanted; the type's own name when unknown. */
const typeName = (type: unknown) => JSON_TYPE[String(type)] ?? String(type)

/** The validator's own wordings, which a schema's message of its own replaces. */
const STOCK =
  /^(Invalid input|Invalid option|Invalid discriminator|Too big|Too small|Unrecognized key)/

/**
 * One thing a schema found wrong, in words: “summary.title” is missing (text expected),
 * “threats[2].severity” should be one of High, Medium, Low, unknown field “extra” — not the
 * validator's "Invalid input: expected string, received undefined". A message the schema words
 * itself is kept, its field named by its path ("title must be at most 200 characters",
 * "threats[1].title must be at most 200 characters", "owner.name: must be one line").
 * `whole` names the value itself when the problem is with all of it ("the file", "the body").
 */
export function issueProblem(issue: z.core.$ZodIssue, whole = 'the file'): string {
  const path = issue.path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('')
  // A schema's own message is kept as it is worded: when it starts with the field's name, that
  // name becomes the field's whole path; otherwise the path goes before it.
  if (!STOCK.test(issue.message)) {
    const field = String(issue.path.at(-1) ?? '')
    if (!path) return issue.message
    return field && issue.message.startsWith(`${field} `)
      ? `${path}${issue.message.slice(field.length)}`
      : `${path}: ${issue.message}`
  }
  const subject = path ? `“${path}”` : whole
  switch (issue.code) {
    case 'invalid_type':
      return /received undefined$/.test(issue.message)
        ? `${subject} ${path ? 'is missing' : 'is empty'} (${typeName(issue.expected)} expected)`
        : `${subject} should be ${typeName(issue.expected)}`
    case 'invalid_value':
      return `${subject} should be one of ${issue.values.map((v) => String(v)).join(', ')}`
    case 'unrecognized_keys': {
      const keys = issue.keys.map((k) => `“${path ? `${path}.` : ''}${k}”`).join(', ')
      return `unknown ${issue.keys.length === 1 ? 'field' : 'fields'} ${keys}`
    }
    case 'invalid_union': {
      // A discriminated union names its kinds (zod puts them on the issue, untyped).
      const options = (issue as { options?: unknown }).options
      if (issue.discriminator && Array.isArray(options)) {
        return `${subject} should be one of ${options.map((o) => String(o)).join(', ')}`
      }
      break
    }
    case 'too_big':
    case 'too_small': {
      const bound =
        issue.code === 'too_big' ? `at most ${issue.maximum}` : `at least ${issue.minimum}`
      const unit =
        issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : ''
      const long = issue.origin === 'string' || issue.origin === 'array'
      const word =
        issue.code === 'too_big'
          ? long
            ? 'too long'
            : 'too large'
          : long
            ? 'too short'
            : 'too small'
      return `${subject} is ${word} (${bound}${unit})`
    }
  }
  const message = `${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`
  return path ? `${subject}: ${message}` : message
}

/** The first thing a schema found wrong, in words (`issueProblem`). */
export const schemaProblem = (error: z.ZodError, whole?: string): string =>
  issueProblem(error.issues[0]!, whole)

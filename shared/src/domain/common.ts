import { z } from 'zod'

/** Ids of model entities: short URL-safe strings chosen by the writer (a client or the server). */
export const EntityIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_:-]{1,64}$/, 'must be 1–64 letters, digits, "_", "-" or ":"')

/** A one-line name or title. */
export const LineSchema = (what: string, max = 200) =>
  z
    .string()
    .trim()
    .min(1, `${what} must not be empty`)
    .max(max, `${what} must be at most ${max} characters`)

/**
 * What a name typed once and shown everywhere (a room's title, a version's name, who saved it,
 * who reviewed) must not hold: control characters (line breaks, tabs, NUL…) and the invisible
 * marks that reorder the text around them on screen (bidirectional embeddings, overrides and
 * isolates), with which "Payments\u202Efdp.exe" reads as another name in the lobby.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE_IN_NAME = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/

/** Whether `text` holds a character UNSAFE_IN_NAME refuses. */
export const hasUnsafeNameChars = (text: string) => UNSAFE_IN_NAME.test(text)

/** `text` without UNSAFE_IN_NAME's characters (for names read from a file, which is not asked). */
export const withoutUnsafeNameChars = (text: string) =>
  text.replace(new RegExp(UNSAFE_IN_NAME.source, 'g'), '')

/** A LineSchema for a name given over the HTTP API: also refuses UNSAFE_IN_NAME's characters. */
export const NameSchema = (what: string, max = 200) =>
  LineSchema(what, max).refine(
    (v) => !hasUnsafeNameChars(v),
    `${what} must be one line of plain text: no line breaks, tabs, control characters or text-direction marks`,
  )

/** Free text (descriptions, notes); may be empty. */
export const TextSchema = (what: string, max = 5000) =>
  z.string().max(max, `${what} must be at most ${max} characters`)

/** A link to a ticket or document: http(s) only, so no `javascript:` URL reaches a page. */
export const UrlSchema = z
  .string()
  .trim()
  .max(2000, 'URL must be at most 2000 characters')
  .refine((v) => {
    try {
      const u = new URL(v)
      return u.protocol === 'https:' || u.protocol === 'http:'
    } catch {
      return false
    }
  }, 'must be an http(s) URL')

/** Epoch milliseconds. */
export const TimeSchema = z.number().int().nonnegative()

export const LEVELS = ['high', 'medium', 'low'] as const
export type Level = (typeof LEVELS)[number]

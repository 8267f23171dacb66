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

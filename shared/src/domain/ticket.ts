import { z } from 'zod'
import { UrlSchema } from './common.ts'

/** A tracker's issue key, e.g. `BILL-104`: a project code, a dash, a number. */
export const TicketKeySchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,29}-\d{1,10}$/, 'must be a ticket key like BILL-104')

/**
 * The room's link pattern for ticket keys, e.g. `https://tracker.example/browse/{key}`: an
 * http(s) URL with one `{key}` where the key goes.
 */
export const TicketUrlTemplateSchema = z
  .string()
  .trim()
  .max(2000, 'the ticket link pattern must be at most 2000 characters')
  .refine((v) => v.split('{key}').length === 2, 'the ticket link pattern must contain {key} once')
  .refine(
    (v) => UrlSchema.safeParse(v.replace('{key}', 'KEY-1')).success,
    'the ticket link pattern must be an http(s) URL',
  )

/** What a person may type in a ticket field, sorted into the field it belongs to. */
export type TicketInput =
  { ok: true; ticketUrl?: string; ticketKey?: string } | { ok: false; message: string }

/**
 * Reads a ticket field: empty clears it, an http(s) link is a URL, `BILL-104` is a key;
 * anything else is refused with a sentence for the field.
 */
export function parseTicketInput(text: string): TicketInput {
  const value = text.trim()
  if (!value) return { ok: true }
  const url = UrlSchema.safeParse(value)
  if (url.success) return { ok: true, ticketUrl: url.data }
  const key = TicketKeySchema.safeParse(value)
  if (key.success) return { ok: true, ticketKey: key.data }
  return {
    ok: false,
    message: 'Enter a ticket key like BILL-104 or an http(s) link.',
  }
}

/**
 * Where a ticket points: its own URL, else its key put into the room's link pattern; undefined
 * when there is a key but no pattern (the key is then shown as text).
 */
export function ticketHref(
  ticket: { ticketUrl?: string; ticketKey?: string },
  template: string | undefined,
): string | undefined {
  if (ticket.ticketUrl) return ticket.ticketUrl
  if (ticket.ticketKey && template)
    return template.replace('{key}', encodeURIComponent(ticket.ticketKey))
  return undefined
}

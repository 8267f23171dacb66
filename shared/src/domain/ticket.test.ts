import { describe, expect, it } from 'vitest'
import { RecommendationSchema } from './recommendation.ts'
import { SessionSchema } from './session.ts'
import { parseTicketInput, ticketHref } from './ticket.ts'

const rec = {
  id: 'r1',
  text: 'Sign the webhook',
  priority: 'high',
  threatIds: ['t1'],
  status: 'proposed',
}

describe('tickets', () => {
  it('sorts what a person types into a link or a key, and refuses the rest in words', () => {
    expect(parseTicketInput('  BILL-104 ')).toEqual({ ok: true, ticketKey: 'BILL-104' })
    expect(parseTicketInput('https://tracker.example/BILL-1')).toEqual({
      ok: true,
      ticketUrl: 'https://tracker.example/BILL-1',
    })
    expect(parseTicketInput('')).toEqual({ ok: true })
    const bad = parseTicketInput('javascript:alert(1)')
    expect(bad).toEqual({ ok: false, message: expect.stringContaining('BILL-104') })
  })

  it('accepts a key on a recommendation, and keeps old URL-only recommendations valid', () => {
    expect(RecommendationSchema.parse({ ...rec, ticketKey: 'BILL-104' }).ticketKey).toBe('BILL-104')
    expect(RecommendationSchema.safeParse({ ...rec, ticketKey: 'not a key' }).success).toBe(false)
    expect(
      RecommendationSchema.parse({ ...rec, ticketUrl: 'https://t.example/X-1' }).ticketUrl,
    ).toBe('https://t.example/X-1')
  })

  it('takes a room-level URL template only when it is http(s) with {key}', () => {
    const ok = 'https://tracker.example/browse/{key}'
    expect(SessionSchema.parse({ ticketUrlTemplate: ok }).ticketUrlTemplate).toBe(ok)
    expect(SessionSchema.safeParse({ ticketUrlTemplate: 'https://x.example/' }).success).toBe(false)
    expect(SessionSchema.safeParse({ ticketUrlTemplate: 'javascript:{key}' }).success).toBe(false)
    expect(SessionSchema.safeParse({ ticketUrlTemplate: 'ftp://x/{key}/{key}' }).success).toBe(
      false,
    )
  })

  it('links a key through the template, a URL as itself, a key without template nowhere', () => {
    const template = 'https://tracker.example/browse/{key}'
    expect(ticketHref({ ticketKey: 'BILL-104' }, template)).toBe(
      'https://tracker.example/browse/BILL-104',
    )
    expect(ticketHref({ ticketUrl: 'https://a.example/1' }, template)).toBe('https://a.example/1')
    expect(ticketHref({ ticketKey: 'BILL-104' }, undefined)).toBeUndefined()
  })

  it('keeps a participant role as typed', () => {
    const s = SessionSchema.parse({ participants: [{ name: 'Ada', role: 'Billing on-call' }] })
    expect(s.participants[0]!.role).toBe('Billing on-call')
    // Rooms saved before roles were free text stay valid.
    expect(
      SessionSchema.parse({ participants: [{ name: 'Sam', role: 'security-observer' }] })
        .participants[0]!.role,
    ).toBe('security-observer')
  })
})

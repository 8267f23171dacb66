import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from './helpers/server.ts'

/** What a browser is told about every response: the policy the app runs under, and the rest. */
function expectSecurityHeaders(res: Response, what: string) {
  const csp = res.headers.get('content-security-policy')
  expect(csp, what).not.toBeNull()
  const directives = new Map(
    csp!.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/)
      return [name!, values.join(' ')] as const
    }),
  )
  expect(directives.get('default-src'), what).toBe("'self'")
  expect(directives.get('script-src'), what).toBe("'self'")
  expect(directives.get('connect-src'), what).toBe("'self'")
  expect(directives.get('object-src'), what).toBe("'none'")
  expect(directives.get('base-uri'), what).toBe("'none'")
  expect(directives.get('frame-ancestors'), what).toBe("'none'")
  expect(res.headers.get('x-content-type-options'), what).toBe('nosniff')
  expect(res.headers.get('x-frame-options'), what).toBe('SAMEORIGIN')
  expect(res.headers.get('referrer-policy'), what).toBe('no-referrer')
  expect(res.headers.get('cross-origin-opener-policy'), what).toBe('same-origin')
  expect(res.headers.get('x-powered-by'), what).toBeNull()
  // Left to the proxy that terminates TLS, and off so tldraw's blob: images load.
  expect(res.headers.get('strict-transport-security'), what).toBeNull()
  expect(res.headers.get('cross-origin-embedder-policy'), what).toBeNull()
}

describe('security headers', () => {
  let server: TestServer
  beforeAll(async () => {
    const dist = mkdtempSync(path.join(tmpdir(), 'threatboard-dist-'))
    mkdirSync(path.join(dist, 'assets'))
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Threatboard</title>')
    writeFileSync(path.join(dist, 'assets', 'app-Ab12Cd34.js'), 'export {}\n')
    server = await startServer({ env: { CLIENT_DIST: dist, RATE_LIMIT_CREATE_PER_MIN: '2' } })
  })
  afterAll(() => server.close())

  it('come with the page, its scripts, the API and the probes', async () => {
    for (const route of ['/', '/assets/app-Ab12Cd34.js', '/api/templates', '/healthz']) {
      const res = await fetch(server.url + route)
      expect(res.status, route).toBe(200)
      expectSecurityHeaders(res, route)
    }
  })

  it('come with refusals and errors too', async () => {
    const post = (body: string): RequestInit => ({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    })
    // The first room creation of the minute is let through; the limit is two.
    expect((await fetch(`${server.url}/api/rooms`, post('{"title":"t"}'))).status).toBe(201)
    const cases: [string, RequestInit, number][] = [
      ['/api/rooms/not%20a%20room%20id', {}, 400],
      ['/api/nothing-here', {}, 404],
      ['/api/rooms', post('{"title":'), 400],
      ['/api/rooms', post('{"title":"t"}'), 429],
    ]
    for (const [route, init, status] of cases) {
      const res = await fetch(server.url + route, init)
      expect(res.status, `${init.method ?? 'GET'} ${route}`).toBe(status)
      expectSecurityHeaders(res, `${status} for ${route}`)
    }
  })
})

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from './helpers/server.ts'

/** A built client as Vite and client/precompress.ts leave it: hashed assets with .br/.gz copies. */
function fakeClientDist(): { dir: string; script: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'threatboard-dist-'))
  mkdirSync(path.join(dir, 'assets'))
  const script = `export const board = ${JSON.stringify('x'.repeat(4000))}\n`
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Threatboard</title>')
  writeFileSync(path.join(dir, 'assets', 'board-Ab12Cd34.js'), script)
  writeFileSync(path.join(dir, 'assets', 'board-Ab12Cd34.js.br'), brotliCompressSync(script))
  writeFileSync(path.join(dir, 'assets', 'board-Ab12Cd34.js.gz'), gzipSync(script))
  writeFileSync(path.join(dir, 'assets', 'font-Ef56Gh78.woff2'), Buffer.from([1, 2, 3]))
  return { dir, script }
}

interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

/** A GET that sends exactly the headers given (fetch would add its own Accept-Encoding). */
function get(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      )
    })
    req.on('error', reject)
    req.end()
  })
}

describe('the built client as the server sends it', () => {
  let server: TestServer
  let script: string
  beforeAll(async () => {
    const dist = fakeClientDist()
    script = dist.script
    server = await startServer({ env: { CLIENT_DIST: dist.dir } })
  })
  afterAll(() => server.close())

  it('sends the Brotli copy to a browser that accepts it, and says it varies on that', async () => {
    const res = await get(`${server.url}/assets/board-Ab12Cd34.js`, {
      'accept-encoding': 'gzip, deflate, br, zstd',
    })
    expect(res.status).toBe(200)
    expect(res.headers['content-encoding']).toBe('br')
    expect(res.headers['content-type']).toMatch(/javascript/)
    expect(res.headers['vary']).toMatch(/accept-encoding/i)
    expect(brotliDecompressSync(res.body).toString()).toBe(script)
    expect(res.body.length).toBeLessThan(script.length / 10)
  })

  it('sends gzip to a client without Brotli, and the file as it is to one without either', async () => {
    const gz = await get(`${server.url}/assets/board-Ab12Cd34.js`, { 'accept-encoding': 'gzip' })
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gz.body).toString()).toBe(script)

    const plain = await get(`${server.url}/assets/board-Ab12Cd34.js`)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body.toString()).toBe(script)
  })

  it('lets browsers keep hashed assets for a year, compressed or not', async () => {
    for (const [file, encoding] of [
      ['board-Ab12Cd34.js', 'br'],
      ['board-Ab12Cd34.js', ''],
      ['font-Ef56Gh78.woff2', 'br'],
    ] as const) {
      const res = await get(`${server.url}/assets/${file}`, { 'accept-encoding': encoding })
      expect(res.status).toBe(200)
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    }
  })

  it('makes browsers revalidate the page itself, on every page route', async () => {
    // A saved version's link too: opened from a message or reloaded, it showed a JSON 404.
    for (const page of [
      '/',
      '/r/AAAAAAAAAAAAAAAAAAAAAA',
      '/r/AAAAAAAAAAAAAAAAAAAAAA/v/vQ59Rpe4CnCJM',
      '/training/AAAAAAAAAAAAAAAAAAAAAA',
      '/index.html',
    ]) {
      const res = await get(`${server.url}${page}`, { 'accept-encoding': 'br' })
      expect(res.status, page).toBe(200)
      expect(res.body.toString()).toContain('<title>Threatboard</title>')
      expect(res.headers['cache-control']).toBe('no-cache')
    }
  })

  it('opens the lobby for a client that asks for no compression (curl, a probe)', async () => {
    const asked: Record<string, string>[] = [
      {},
      { 'accept-encoding': 'identity' },
      { accept: 'text/html' },
    ]
    for (const headers of asked) {
      const res = await get(`${server.url}/`, headers)
      expect(res.status, JSON.stringify(headers)).toBe(200)
      expect(res.headers['content-type']).toMatch(/text\/html/)
      expect(res.body.toString()).toContain('<title>Threatboard</title>')
    }
  })

  it('answers a clear 404 for a file that is not in the build, and serves nothing outside it', async () => {
    for (const missing of [
      '/assets/board-00000000.js',
      '/assets/../../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/api/nothing-here',
    ]) {
      const res = await get(`${server.url}${missing}`)
      expect(res.status, missing).toBe(404)
      expect(res.body.toString(), missing).not.toContain('<title>Threatboard</title>')
      expect(res.body.toString(), missing).not.toContain('root:')
    }
    const res = await get(`${server.url}/assets/board-00000000.js`)
    expect(JSON.parse(res.body.toString())).toMatchObject({ error: { code: 'NOT_FOUND' } })
  })

  it('gives a browser lost on an unknown address the app (404), and everyone else JSON', async () => {
    const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }
    for (const lost of ['/rooms', '/r/', '/r/abc/extra', '/%2e%2e/%2e%2e/etc/passwd']) {
      const res = await get(`${server.url}${lost}`, html)
      expect(res.status, lost).toBe(404)
      expect(res.headers['content-type'], lost).toMatch(/text\/html/)
      expect(res.body.toString(), lost).toContain('<title>Threatboard</title>')
      expect(res.body.toString(), lost).not.toContain('root:')
    }
    // The API, the sync path and the build's files stay JSON, asked by a browser or not.
    for (const path of ['/api/nothing-here', '/assets/board-00000000.js']) {
      const res = await get(`${server.url}${path}`, html)
      expect(res.status, path).toBe(404)
      expect(JSON.parse(res.body.toString()), path).toMatchObject({ error: { code: 'NOT_FOUND' } })
    }
    const sync = await get(`${server.url}/sync/nothing`, html)
    expect(sync.body.toString()).not.toContain('<title>Threatboard</title>')
    const res = await get(`${server.url}/rooms`)
    expect(JSON.parse(res.body.toString())).toMatchObject({ error: { code: 'NOT_FOUND' } })
  })
})

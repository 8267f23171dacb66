import { existsSync } from 'node:fs'
import path from 'node:path'
import fp from 'fastify-plugin'
import fastifyStatic from '@fastify/static'
import { ApiError } from '../errors.ts'

/**
 * Vite names every file under `assets/` after a hash of its content, so a URL there never
 * changes meaning: browsers may keep it for a year without asking again. Anything else
 * (`index.html`, which names the current hashes) must be revalidated on every load.
 */
const IMMUTABLE = 'public, max-age=31536000, immutable'
const REVALIDATE = 'no-cache'

/** The app's page routes besides `/`: a room, one of its saved versions, a training. */
const PAGE = /^\/(r\/[^/]+(\/v\/[^/]+)?|training\/[^/]+)\/?$/

/** A page load by a browser (it asks for HTML), outside the API, the sync socket and the build's files. */
function browsing(method: string, url: string, accept: string | undefined): boolean {
  return (
    method === 'GET' &&
    (accept ?? '').includes('text/html') &&
    !/^\/(api|sync|assets)(\/|$)/.test(url)
  )
}

/**
 * Serves the built client from `config.clientDist`, with `index.html` for every page route
 * (`/`, `/r/<id>`, a saved version's `/r/<id>/v/<version>`, `/training/<id>`, as client/src/routing
 * has them) so a shared or reloaded link opens the app, and with a 404 for any other address a
 * browser asks for as a page (the app shows its "no page at this address"). API, sync and
 * `assets/` paths never fall back: they answer the JSON 404.
 * The build writes a Brotli (`.br`) and a gzip (`.gz`) copy beside each compressible file
 * (client/precompress.ts); the copy the browser accepts is sent, with `Vary: Accept-Encoding`.
 */
export const clientApp = fp(async (app) => {
  const root = app.config.clientDist
  const assets = path.join(path.resolve(root), 'assets') + path.sep
  const built = existsSync(path.join(root, 'index.html'))
  if (built) {
    await app.register(fastifyStatic, {
      root,
      // One route for every file, looked up on disk when asked: a route per file (the build has
      // ~250 with their compressed copies) cost 8–16 MiB of RSS at start (bench/RESULTS.md).
      // A file not there falls through to the not-found handler below.
      wildcard: true,
      index: false,
      preCompressed: true,
      setHeaders: (reply, filePath) => {
        reply.header('cache-control', filePath.startsWith(assets) ? IMMUTABLE : REVALIDATE)
      },
    })
    // `/` is the build's folder to the wildcard route: without a compressed copy to pick (a client
    // that accepts none, e.g. curl) it answered 403 instead of falling through to the page.
    app.get('/', (_req, reply) => reply.sendFile('index.html'))
  } else {
    app.log.warn({ root }, 'client is not built: run `pnpm build` (pnpm start does it for you)')
  }
  app.setNotFoundHandler((req, reply) => {
    const url = req.url.split('?')[0] ?? ''
    const isPage = req.method === 'GET' && (url === '/' || PAGE.test(url))
    // A browser sent to an address the app does not have (a link cut short, a typo) gets the
    // app's own "no page at this address", with a way back, as a 404 rather than JSON.
    const lost = !isPage && built && browsing(req.method, url, req.headers.accept)
    if (!isPage && !lost) throw new ApiError('NOT_FOUND', `no route for ${req.method} ${url}`)
    if (!built) {
      return reply.code(503).type('text/plain').send('The client is not built. Run `pnpm build`.')
    }
    return reply.code(lost ? 404 : 200).sendFile('index.html')
  })
})

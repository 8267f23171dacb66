import { existsSync } from 'node:fs'
import path from 'node:path'
import fp from 'fastify-plugin'
import fastifyStatic from '@fastify/static'
import { ApiError } from '../errors.ts'

/**
 * Serves the built client from `config.clientDist`, with `index.html` for every page route
 * (`/`, `/r/<id>`) so a shared room link opens the app. API and sync paths never fall back.
 */
export const clientApp = fp(async (app) => {
  const root = app.config.clientDist
  const built = existsSync(path.join(root, 'index.html'))
  if (built) {
    await app.register(fastifyStatic, { root, wildcard: false, index: false })
  } else {
    app.log.warn({ root }, 'client is not built: run `pnpm build` (pnpm start does it for you)')
  }
  app.setNotFoundHandler((req, reply) => {
    const url = req.url.split('?')[0] ?? ''
    const isPage = req.method === 'GET' && (url === '/' || /^\/r\/[^/]+$/.test(url))
    if (!isPage) throw new ApiError('NOT_FOUND', `no route for ${req.method} ${url}`)
    if (!built) {
      return reply.code(503).type('text/plain').send('The client is not built. Run `pnpm build`.')
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html')
  })
})

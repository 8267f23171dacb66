import fp from 'fastify-plugin'
import type { Redis } from 'ioredis'
import helmet from 'helmet'
import rateLimit from '@fastify/rate-limit'

export interface SecurityOptions {
  /** Counts the rate limits in Redis, so the nodes of a cluster share them. */
  redis?: Redis
  keyPrefix: string
}

/**
 * Security headers with a strict Content-Security-Policy the app runs under (no inline
 * scripts, nothing from other origins), and per-route rate limits (routes opt in through
 * `config.rateLimit`; the limits are config values). In a cluster the limits are counted in
 * Redis; while it is unreachable requests are let through rather than refused.
 *
 * The headers are helmet's, its middleware built once and run on every request. The Fastify
 * plugin for it (`@fastify/helmet` 13) builds that middleware again for each request, parsing
 * the policy each time: a fifth of the server's CPU per request in a profile of /healthz
 * (bench/RESULTS.md, "Security headers built once").
 */
export const security = fp<SecurityOptions>(async (app, opts) => {
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // tldraw positions and colours shapes with inline style attributes.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Cross-origin isolation headers would block tldraw's blob: images in some browsers.
    crossOriginEmbedderPolicy: false,
    // HSTS only makes sense behind HTTPS; the reverse proxy that terminates TLS should set it.
    strictTransportSecurity: false,
  })
  app.addHook('onRequest', (req, reply, done) =>
    securityHeaders(req.raw, reply.raw, (err) => done(err as Error | undefined)),
  )
  await app.register(rateLimit, {
    global: false,
    ...(opts.redis
      ? { redis: opts.redis, nameSpace: `${opts.keyPrefix}rate:`, skipOnError: true }
      : {}),
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `rate limit exceeded: try again in ${Math.ceil(ctx.ttl / 1000)} s`,
    }),
  })
})

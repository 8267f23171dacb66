import fp from 'fastify-plugin'
import type { FastifyError } from 'fastify'
import type { ApiErrorBody } from '@threatboard/shared/api/rooms.ts'
import { ApiError } from '../errors.ts'

/** Maps every error to `{ error: { code, message } }`; 5xx details stay in the log. */
export const errorHandler = fp(async (app) => {
  app.setErrorHandler<FastifyError | ApiError>((err, req, reply) => {
    let status: number
    let body: ApiErrorBody
    if (err instanceof ApiError) {
      status = err.statusCode
      body = { error: { code: err.code, message: err.message } }
    } else if (typeof err.statusCode === 'number' && err.statusCode < 500) {
      // Fastify's own 4xx: bad JSON, body too large, wrong content type, rate limits.
      status = err.statusCode
      body = { error: { code: codeForStatus(status), message: err.message } }
    } else {
      status = 500
      req.log.error({ err }, 'request failed')
      body = { error: { code: 'INTERNAL', message: 'internal server error' } }
    }
    return reply.code(status).send(body)
  })
})

function codeForStatus(status: number): string {
  switch (status) {
    case 413:
      return 'PAYLOAD_TOO_LARGE'
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE'
    case 429:
      return 'TOO_MANY_REQUESTS'
    case 404:
      return 'NOT_FOUND'
    default:
      return 'BAD_REQUEST'
  }
}

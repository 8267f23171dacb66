import { z } from 'zod'
import type { FastifyPluginAsync } from 'fastify'
import { INTEROP_FORMATS, type InteropFormat } from '@threatboard/shared/interop/formats.ts'
import { ApiError } from '../errors.ts'
import { ImportRunner } from './importRunner.ts'
import { parse } from './parse.ts'
import { renderRoom } from './report.ts'
import { EXPORT_FORMATS } from '../report/formats.ts'
import { importRoom } from '../usecases/interop.ts'
import { downloadName } from './roomDoc.ts'
import { openRoom, requireAdminToken, roomRateLimit } from './roomGuard.ts'
import { publicOrigin } from './rooms.ts'

/** Largest model file accepted for import (Threat Dragon's own demo models are ~100 kB). */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024

const FORMAT_LABEL: Record<InteropFormat, string> = {
  'threat-dragon': 'Threat Dragon',
  otm: 'Open Threat Model',
  'tm-bom': 'Threat Model Library (TM-BOM)',
}
const formatField = z.enum(INTEROP_FORMATS, {
  error: () => `format must be one of ${INTEROP_FORMATS.join(', ')}`,
})
const ImportQuery = z.strictObject({ format: formatField })
const ExportQuery = z.strictObject({
  format: z.enum(EXPORT_FORMATS, {
    error: () => `format must be one of ${EXPORT_FORMATS.join(', ')}`,
  }),
  version: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'invalid version id')
    .optional(),
})

/**
 * `POST /api/rooms/import?format=threat-dragon|otm|tm-bom`: a new room from a model file,
 * answered like room creation (plus what the import had to change; usecases/interop.ts); the
 * file is read and the board built on a worker thread (importRunner.ts). `GET
 * /api/rooms/:id/export?format=threat-dragon|otm`: the room (or a saved version) as such a
 * file, written on a render thread (routes/report.ts). See docs/interop.md.
 */
export const interopRoutes: FastifyPluginAsync = async (app) => {
  const { adminToken, publicUrl, rateLimits } = app.config
  const { maxDocBytes } = app.config.limits
  const runner = new ImportRunner()
  app.addHook('onClose', () => runner.close())
  // Model files are parsed on the import worker, not here: the route takes the body as text (in
  // this plugin only), so a huge or deeply nested file never costs the event loop its parse.
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  )

  app.post(
    '/api/rooms/import',
    {
      bodyLimit: MAX_IMPORT_BYTES,
      config: { rateLimit: { max: rateLimits.createPerMin, timeWindow: 60_000 } },
    },
    async (req, reply) => {
      requireAdminToken(adminToken, req)
      const { format } = parse(ImportQuery, req.query, 'import request')
      if (!req.headers['content-type']?.startsWith('application/json')) {
        throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'send the model file as application/json')
      }
      const created = await importRoom(
        { store: app.store, log: req.log, runner },
        publicOrigin(req, publicUrl),
        { format, label: FORMAT_LABEL[format], text: String(req.body ?? ''), maxDocBytes },
      )
      req.log.info({ room: created.id, format, warnings: created.warnings.length }, 'room imported')
      return reply.code(201).send(created)
    },
  )

  app.get('/api/rooms/:id/export', { config: roomRateLimit(app.config) }, async (req, reply) => {
    const { roomId, record } = await openRoom(app, req, 'read')
    const query = parse(ExportQuery, req.query, 'export request')
    // Read and written on a render thread, as reports are: a big board's model is ~100 ms.
    const { body: file, version } = await renderRoom(
      app,
      req,
      reply,
      { roomId, record, versionId: query.version },
      { format: query.format, timeZone: 'UTC' },
    )
    return reply
      .type('application/json; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="${downloadName(record.title, `${query.format}.json`, version)}"`,
      )
      .send(Buffer.from(file.buffer, file.byteOffset, file.byteLength))
  })
}

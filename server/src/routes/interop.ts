import type * as Y from 'yjs'
import { z } from 'zod'
import type { FastifyPluginAsync } from 'fastify'
import {
  createBoardSchema,
  fromOtm,
  fromThreatDragon,
  INTEROP_FORMATS,
  InteropError,
  ModelError,
  readModelFromDoc,
  toOtm,
  toThreatDragon,
  writeModelToDoc,
  type ImportResult,
  type InteropFormat,
} from '@threatboard/shared'
import { ApiError } from '../errors.ts'
import { parse } from './parse.ts'
import { downloadName, readRoomDoc } from './roomDoc.ts'
import { openRoom, requireAdminToken, roomRateLimit } from './roomGuard.ts'
import { createRoom, initialSnapshot } from './rooms.ts'

/** Largest model file accepted for import (Threat Dragon's own demo models are ~100 kB). */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024

const FORMAT_LABEL: Record<InteropFormat, string> = {
  'threat-dragon': 'Threat Dragon',
  otm: 'Open Threat Model',
}
const formatField = z.enum(INTEROP_FORMATS, {
  error: () => `format must be one of ${INTEROP_FORMATS.join(', ')}`,
})
const ImportQuery = z.strictObject({ format: formatField })
const ExportQuery = z.strictObject({
  format: formatField,
  version: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'invalid version id')
    .optional(),
})

const READERS: Record<InteropFormat, (json: unknown) => ImportResult> = {
  'threat-dragon': fromThreatDragon,
  otm: fromOtm,
}

/**
 * `POST /api/rooms/import?format=threat-dragon|otm`: a new room from a model file, answered
 * like room creation (plus what the import had to change). `GET /api/rooms/:id/export?format=…`:
 * the room (or a saved version) as such a file. See docs/interop.md.
 */
export const interopRoutes: FastifyPluginAsync = async (app) => {
  const { adminToken, publicUrl, rateLimits } = app.config
  const { maxDocBytes } = app.config.limits
  const schema = createBoardSchema()

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
      let imported: ImportResult
      let snapshot: Uint8Array
      try {
        imported = READERS[format](req.body)
        const { model } = imported
        snapshot = initialSnapshot((doc: Y.Doc) =>
          writeModelToDoc(doc, model, schema, { at: Date.now(), from: FORMAT_LABEL[format] }),
        )
      } catch (err) {
        if (err instanceof InteropError || err instanceof ModelError) {
          throw new ApiError('BAD_REQUEST', `invalid ${FORMAT_LABEL[format]} file: ${err.message}`)
        }
        throw err
      }
      if (snapshot.byteLength > maxDocBytes) {
        throw new ApiError(
          'PAYLOAD_TOO_LARGE',
          `the imported board would take ${snapshot.byteLength} bytes; this server allows ${maxDocBytes}`,
        )
      }
      const { model, warnings } = imported
      const created = await createRoom(app.store, req, publicUrl, model.title, snapshot)
      req.log.info({ room: created.id, format, warnings: warnings.length }, 'room imported')
      return reply.code(201).send({
        ...created,
        imported: {
          format,
          elements: model.elements.length,
          flows: model.flows.length,
          boundaries: model.boundaries.length,
          threats: model.threats.length,
          assets: model.assets.length,
        },
        warnings,
      })
    },
  )

  app.get('/api/rooms/:id/export', { config: roomRateLimit(app.config) }, async (req, reply) => {
    const { roomId, record } = await openRoom(app, req, 'read')
    const query = parse(ExportQuery, req.query, 'export request')
    const model = await readRoomDoc(app, roomId, record, query.version, (doc) =>
      readModelFromDoc(doc, record.title),
    )
    const file = query.format === 'otm' ? toOtm(model, roomId) : toThreatDragon(model)
    return reply
      .type('application/json; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="${downloadName(record.title, `${query.format}.json`)}"`,
      )
      .send(JSON.stringify(file, null, 2))
  })
}

import { z } from 'zod'
import type { FastifyPluginAsync } from 'fastify'
import { ApiError } from '../errors.ts'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { RenderError } from '../report/ReportRenderer.ts'
import type { RenderJob } from '../report/renderReport.ts'
import { isTimeZone, REPORT_FORMATS, REPORT_LAYOUTS, type ReportFormat } from '../report/formats.ts'
import type { RoomRecord } from '../persistence/RoomStore.ts'
import type { ReportVersion } from '../report/buildReport.ts'
import { reportSource } from '../usecases/roomDoc.ts'
import { downloadName } from './roomDoc.ts'
import { parse } from './parse.ts'
import { openRoom, roomRateLimit } from './roomGuard.ts'

const isReportFormat = (format: string): format is ReportFormat =>
  (REPORT_FORMATS as readonly string[]).includes(format)

const FORMATS: Record<ReportFormat, { type: string; ext: string }> = {
  markdown: { type: 'text/markdown; charset=utf-8', ext: 'md' },
  html: { type: 'text/html; charset=utf-8', ext: 'html' },
  json: { type: 'application/json; charset=utf-8', ext: 'json' },
  csv: { type: 'text/csv; charset=utf-8', ext: 'csv' },
  pdf: { type: 'application/pdf', ext: 'pdf' },
}

const ReportQuery = z.strictObject({
  format: z.enum(REPORT_FORMATS, {
    error: () => `format must be one of ${REPORT_FORMATS.join(', ')}`,
  }),
  version: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'invalid version id')
    .optional(),
  /** Defaults to the session size's layout (small → ticket, medium → summary, large → full). */
  layout: z
    .enum(REPORT_LAYOUTS, {
      error: () => `layout must be one of ${REPORT_LAYOUTS.join(', ')}`,
    })
    .optional(),
  /** IANA time zone the human-readable times are written in (JSON keeps ISO 8601 UTC). */
  tz: z
    .string()
    .max(64)
    .refine(isTimeZone, { error: 'tz must be an IANA time zone such as UTC or Europe/Berlin' })
    .optional(),
})

/** The formats whose content the layout shapes (CSV and JSON always carry everything). */
const LAID_OUT: ReadonlySet<ReportFormat> = new Set(['markdown', 'html', 'pdf'])

const RENDER_STATUS = { BUSY: 'UNAVAILABLE', TOO_BIG: 'UNPROCESSABLE', FAILED: 'INTERNAL' } as const

/**
 * Renders a report or an export of a room (the live room, or the saved version `versionId`) on
 * the app's render threads, from its stored bytes (`reportSource`); a render refused (busy, too
 * big) or failed becomes the API error that says so (busy: 503 with `Retry-After`).
 */
export async function renderRoom(
  app: FastifyInstance,
  req: FastifyRequest,
  reply: FastifyReply,
  room: { roomId: string; record: RoomRecord; versionId: string | undefined },
  output: Pick<RenderJob, 'format' | 'layout' | 'timeZone'>,
): Promise<{ body: Uint8Array; version: ReportVersion }> {
  const { roomId, record, versionId } = room
  const { updates, version } = await reportSource(app, roomId, record, versionId)
  try {
    const body = await app.renderer.render({
      roomId,
      title: record.title,
      generatedAt: new Date().toISOString(),
      version,
      updates,
      ...output,
    })
    return { body, version }
  } catch (err) {
    if (!(err instanceof RenderError)) throw err
    const what = isReportFormat(output.format) ? 'report' : 'export'
    req.log.warn(
      { room: roomId, format: output.format, reason: err.message },
      `${what} not rendered`,
    )
    if (err.code === 'BUSY') reply.header('retry-after', '5')
    throw new ApiError(
      RENDER_STATUS[err.code],
      err.code === 'FAILED' ? `the ${what} could not be rendered` : err.message,
    )
  }
}

/**
 * `GET /api/rooms/:id/report?format=…[&version=…][&layout=ticket|summary|full][&tz=…]`: the report of the live room or of a saved
 * version, for any role that may read the room. `layout` shapes Markdown, HTML and PDF (default:
 * the session size's); JSON and CSV always carry everything. Its diagram is drawn by the server from that
 * document's records (ADR 0004); building and rendering happen in a worker thread with capped
 * heap and time, so no report, however big the board, holds up the server.
 */
export const reportRoutes: FastifyPluginAsync = async (app) => {
  const limit = roomRateLimit(app.config)

  // Browsers used to upload a picture of the board here; the server draws it now (ADR 0004).
  // Answered before the body is read, whatever its type or size.
  app.put('/api/rooms/:id/diagram', {
    onRequest: async () => {
      throw new ApiError(
        'GONE',
        'diagram uploads are no longer accepted: reports draw the board from the room itself',
      )
    },
    handler: async () => undefined,
  })

  app.get('/api/rooms/:id/report', { config: limit }, async (req, reply) => {
    const { roomId, record } = await openRoom(app, req, 'read')
    const query = parse(ReportQuery, req.query, 'report request')
    const { body, version } = await renderRoom(
      app,
      req,
      reply,
      { roomId, record, versionId: query.version },
      { format: query.format, layout: query.layout, timeZone: query.tz ?? 'UTC' },
    )
    const format = FORMATS[query.format]
    // The layout is in the name of the files it shapes: a summary and a full report of one room
    // are two files, not "report.pdf" and "report (1).pdf".
    const layout = query.layout && LAID_OUT.has(query.format) ? `-${query.layout}` : ''
    return reply
      .type(format.type)
      .header(
        'content-disposition',
        `attachment; filename="${downloadName(record.title, `threat-model${layout}.${format.ext}`, version)}"`,
      )
      .send(Buffer.from(body.buffer, body.byteOffset, body.byteLength))
  })
}

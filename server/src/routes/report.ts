import { z } from 'zod'
import type { FastifyPluginAsync } from 'fastify'
import { FIRST_PAGE_ID, getRecordsMap, readAllRecords, readCollection } from '@threatboard/shared'
import { ApiError } from '../errors.ts'
import {
  buildReport,
  LAYOUT_FOR_SIZE,
  REPORT_LAYOUTS,
  type ReportLayout,
} from '../report/buildReport.ts'
import type { ReportDiagramPage } from '../report/ReportDiagram.ts'
import { isTimeZone, type RenderOptions } from '../report/text.ts'
import { renderCsv } from '../report/renderCsv.ts'
import { renderHtml } from '../report/renderHtml.ts'
import { renderMarkdown } from '../report/renderMarkdown.ts'
import { renderPdf } from '../report/renderPdf.ts'
import { schematicSvg } from '../report/schematicSvg.ts'
import { downloadName, readRoomDoc } from './roomDoc.ts'
import { parse } from './parse.ts'
import { openRoom, roomRateLimit } from './roomGuard.ts'

const FORMATS = {
  markdown: { type: 'text/markdown; charset=utf-8', ext: 'md' },
  html: { type: 'text/html; charset=utf-8', ext: 'html' },
  json: { type: 'application/json; charset=utf-8', ext: 'json' },
  csv: { type: 'text/csv; charset=utf-8', ext: 'csv' },
  pdf: { type: 'application/pdf', ext: 'pdf' },
} as const
type Format = keyof typeof FORMATS

const ReportQuery = z.strictObject({
  format: z.enum(Object.keys(FORMATS) as [Format, ...Format[]], {
    error: () => `format must be one of ${Object.keys(FORMATS).join(', ')}`,
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

/** The server's schematic as the report's one diagram page, sized from its viewBox. */
function schematicPage(svg: string, pageName: string): ReportDiagramPage {
  const box = /viewBox="([-\d.e]+) ([-\d.e]+) ([-\d.e]+) ([-\d.e]+)"/.exec(svg)
  return {
    pageId: FIRST_PAGE_ID,
    pageName,
    svg,
    width: box ? Number(box[3]) : 800,
    height: box ? Number(box[4]) : 600,
  }
}

/** Largest diagram a browser may upload. */
const MAX_DIAGRAM_BYTES = 4 * 1024 * 1024

/**
 * `GET /api/rooms/:id/report?format=…[&version=…][&layout=ticket|summary|full][&tz=…]`: the
 * report of the live room or of a saved version, for any role that may read the room. `layout`
 * shapes Markdown, HTML and PDF; JSON and CSV always carry everything. The diagram is drawn by
 * the server from the model; `PUT /api/rooms/:id/diagram` (a browser's upload) is still
 * accepted but no report reads it any more.
 */
export const reportRoutes: FastifyPluginAsync = async (app) => {
  const limit = roomRateLimit(app.config)

  app.addContentTypeParser(
    'image/svg+xml',
    { parseAs: 'string', bodyLimit: MAX_DIAGRAM_BYTES },
    (_req, body, done) => done(null, body),
  )

  app.put(
    '/api/rooms/:id/diagram',
    { config: limit, bodyLimit: MAX_DIAGRAM_BYTES },
    async (req, reply) => {
      const { roomId } = await openRoom(app, req, 'edit')
      const svg = typeof req.body === 'string' ? req.body.trim() : ''
      if (!/^(<\?xml[^>]*>\s*)?<svg[\s>]/.test(svg)) {
        throw new ApiError('BAD_REQUEST', 'the diagram must be an SVG document (image/svg+xml)')
      }
      await app.store.putDiagram(roomId, svg, Date.now())
      return reply.code(204).send()
    },
  )

  app.get('/api/rooms/:id/report', { config: limit }, async (req, reply) => {
    const { roomId, record } = await openRoom(app, req, 'read')
    const query = parse(ReportQuery, req.query, 'report request')
    const report = await readRoomDoc(app, roomId, record, query.version, (doc, version) => {
      const records = readAllRecords(getRecordsMap(doc))
      const svg = schematicSvg(records, readCollection(doc, 'threats'))
      const pageRecord = records.find((r) => r.id === FIRST_PAGE_ID)
      const diagrams: ReportDiagramPage[] = svg
        ? [schematicPage(svg, String(pageRecord?.name ?? 'Page 1'))]
        : []
      return buildReport({
        roomId,
        title: record.title,
        doc,
        generatedAt: new Date(),
        version,
        diagrams,
      })
    })
    const layout: ReportLayout = query.layout ?? LAYOUT_FOR_SIZE[report.session.size]
    const options: RenderOptions = { layout, timeZone: query.tz ?? 'UTC' }
    const format = FORMATS[query.format]
    const body =
      query.format === 'pdf'
        ? await renderPdf(report, options)
        : query.format === 'markdown'
          ? renderMarkdown(report, options)
          : query.format === 'html'
            ? renderHtml(report, options)
            : query.format === 'csv'
              ? renderCsv(report)
              : JSON.stringify(report, null, 2)
    return reply
      .type(format.type)
      .header(
        'content-disposition',
        `attachment; filename="${downloadName(record.title, `threat-model.${format.ext}`)}"`,
      )
      .send(body)
  })
}

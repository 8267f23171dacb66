import * as Y from 'yjs'
import { newDoc } from '../yDoc.ts'
import { readCollection } from '@threatboard/shared/doc/modelDoc.ts'
import { readDrawnRecords } from '@threatboard/shared/doc/drawnRecords.ts'
import { migrateRoomDoc } from '@threatboard/shared/doc/roomDoc.ts'
import { createBoardSchema } from '@threatboard/shared/doc/tldrawSchema.ts'
import {
  buildReport,
  LAYOUT_FOR_SIZE,
  type ReportLayout,
  type ReportVersion,
} from './buildReport.ts'
import type { RenderOptions } from './text.ts'
import { drawDiagrams } from './drawDiagrams.ts'
import { renderCsv } from './renderCsv.ts'
import { renderHtml } from './renderHtml.ts'
import { renderMarkdown } from './renderMarkdown.ts'
import { renderPdf } from './renderPdf.ts'
import { readModelFromDoc } from '@threatboard/shared/interop/board.ts'
import { toOtm } from '@threatboard/shared/interop/otm.ts'
import { toThreatDragon } from '@threatboard/shared/interop/threatDragon.ts'
import type { ExportFormat, ReportFormat } from './formats.ts'

/** Everything a report render needs, as plain data (it crosses into a worker thread). */
export interface RenderJob {
  roomId: string
  title: string
  /** A report, or the room as a model file for another tool (`ExportFormat`). */
  format: ReportFormat | ExportFormat
  generatedAt: string
  version: ReportVersion
  /** The document as Yjs updates: a snapshot and any log entries after it, applied in order. */
  updates: Uint8Array[]
  /** Shape of Markdown, HTML and PDF; unset → the session size's layout. */
  layout?: ReportLayout
  /** IANA zone of the human-readable times. */
  timeZone: string
}

/**
 * Builds and renders one report from a room's document: loads the updates into a fresh doc,
 * brings it to today's schema (a saved version or an unloaded room may predate it), draws the
 * board from its records, and renders the format asked for; or writes the room as a Threat
 * Dragon or OTM file. Pure apart from CPU and memory, which is why it runs in a worker
 * (`ReportRenderer`).
 */
export async function renderReport(job: RenderJob): Promise<string | Uint8Array> {
  const doc = newDoc()
  try {
    Y.transact(doc, () => {
      for (const u of job.updates) Y.applyUpdate(doc, u)
    })
    const migrated = migrateRoomDoc(doc, createBoardSchema())
    if (migrated.type === 'error')
      throw new Error(`the document cannot be read: ${migrated.reason}`)
    if (job.format === 'threat-dragon' || job.format === 'otm') {
      const model = readModelFromDoc(doc, job.title)
      const file = job.format === 'otm' ? toOtm(model, job.roomId) : toThreatDragon(model)
      return JSON.stringify(file, null, 2)
    }
    const pages = drawDiagrams(
      readDrawnRecords(doc),
      readCollection(doc, 'threats'),
      readCollection(doc, 'assets'),
    )
    const report = buildReport({
      roomId: job.roomId,
      title: job.title,
      doc,
      generatedAt: new Date(job.generatedAt),
      version: job.version,
      diagrams: pages,
    })
    const options: RenderOptions = {
      layout: job.layout ?? LAYOUT_FOR_SIZE[report.session.size],
      timeZone: job.timeZone,
    }
    switch (job.format) {
      case 'pdf':
        return new Uint8Array(await renderPdf(report, options))
      case 'markdown':
        return renderMarkdown(report, options)
      case 'html':
        return renderHtml(report, options)
      case 'csv':
        return renderCsv(report)
      case 'json':
        return JSON.stringify(report, null, 2)
    }
  } finally {
    doc.destroy()
  }
}

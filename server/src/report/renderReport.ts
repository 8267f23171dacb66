import * as Y from 'yjs'
import {
  createBoardSchema,
  getRecordsMap,
  migrateRoomDoc,
  readAllRecords,
  readCollection,
} from '@threatboard/shared'
import { buildReport, type ReportDiagram, type ReportVersion } from './buildReport.ts'
import type { ReportDiagramPage } from './ReportDiagram.ts'
import { drawDiagrams } from './drawDiagrams.ts'
import { renderCsv } from './renderCsv.ts'
import { renderHtml } from './renderHtml.ts'
import { renderMarkdown } from './renderMarkdown.ts'
import { renderPdf } from './renderPdf.ts'
import { num, xml } from './diagram/svgText.ts'

export const REPORT_FORMATS = ['markdown', 'html', 'json', 'csv', 'pdf'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

/** Everything a report render needs, as plain data (it crosses into a worker thread). */
export interface RenderJob {
  roomId: string
  title: string
  format: ReportFormat
  generatedAt: string
  version: ReportVersion
  /** The document as Yjs updates: a snapshot and any log entries after it, applied in order. */
  updates: Uint8Array[]
}

/**
 * Until the report carries one diagram per page (`diagrams`), its one `diagram` shows every
 * page, one under the other, each under its name.
 */
function stackPages(pages: ReportDiagramPage[], drawnAt: string): ReportDiagram | null {
  if (pages.length === 0) return null
  if (pages.length === 1) {
    return { svg: pages[0]!.svg, source: 'schematic', drawnAt, outdated: false }
  }
  const width = Math.max(...pages.map((p) => p.width))
  let y = 0
  const parts: string[] = []
  for (const p of pages) {
    parts.push(
      `<text x="0" y="${num(y + 28)}" font-size="24" font-weight="700" fill="#1d2433">${xml(p.pageName)}</text>`,
      p.svg.replace(/^<svg /, `<svg x="0" y="${num(y + 40)}" `),
    )
    y += 40 + p.height + 40
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}" height="${num(y)}" viewBox="0 0 ${num(width)} ${num(y)}" font-family="Helvetica, Arial, sans-serif"><rect width="${num(width)}" height="${num(y)}" fill="#ffffff"/>${parts.join('')}</svg>`
  return { svg, source: 'schematic', drawnAt, outdated: false }
}

/**
 * Builds and renders one report from a room's document: loads the updates into a fresh doc,
 * brings it to today's schema (a saved version or an unloaded room may predate it), draws the
 * board from its records, and renders the format asked for. Pure apart from CPU and memory,
 * which is why it runs in a worker (`ReportRenderer`).
 */
export async function renderReport(job: RenderJob): Promise<string | Uint8Array> {
  const doc = new Y.Doc()
  try {
    Y.transact(doc, () => {
      for (const u of job.updates) Y.applyUpdate(doc, u)
    })
    const migrated = migrateRoomDoc(doc, createBoardSchema())
    if (migrated.type === 'error')
      throw new Error(`the document cannot be read: ${migrated.reason}`)
    const pages = drawDiagrams(
      readAllRecords(getRecordsMap(doc)),
      readCollection(doc, 'threats'),
      readCollection(doc, 'assets'),
    )
    const report = buildReport({
      roomId: job.roomId,
      title: job.title,
      doc,
      generatedAt: new Date(job.generatedAt),
      version: job.version,
      diagram: stackPages(pages, job.generatedAt),
    })
    switch (job.format) {
      case 'pdf':
        return new Uint8Array(await renderPdf(report))
      case 'markdown':
        return renderMarkdown(report)
      case 'html':
        return renderHtml(report)
      case 'csv':
        return renderCsv(report)
      case 'json':
        return JSON.stringify(report, null, 2)
    }
  } finally {
    doc.destroy()
  }
}

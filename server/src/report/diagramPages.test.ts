import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkoutReport } from '../../test/helpers/reportModel.ts'
import type { ReportDiagramPage } from './ReportDiagram.ts'
import { renderHtml } from './renderHtml.ts'
import { renderPdf } from './renderPdf.ts'

/** A page of the diagram whose only text names it, so each can be found in the output. */
const page = (n: number, width: number, height: number): ReportDiagramPage => ({
  pageId: `page:p${n}`,
  pageName: `Diagram page ${n}`,
  svg: `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}"><rect x="0" y="0" width="${width}" height="${height}" fill="#eef"/><text x="20" y="60" font-size="40">Drawing of page ${n}</text></svg>`,
  width,
  height,
})

function pdfText(pdf: Buffer): { pages: number; text: string } {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'threatboard-pages-')), 'r.pdf')
  writeFileSync(file, pdf)
  const pages = Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file]).toString())?.[1])
  return { pages, text: execFileSync('pdftotext', [file, '-']).toString() }
}

describe('a board of several pages in the report', () => {
  // A wide page, a tall one and an ordinary one: each must fit its PDF page.
  const report = checkoutReport('Pages', undefined, [
    page(1, 2400, 600),
    page(2, 500, 2000),
    page(3, 800, 600),
  ])

  it('shows every page in the full HTML and PDF', async () => {
    const html = renderHtml(report, { layout: 'full', timeZone: 'UTC' })
    expect(html.match(/<img class="diagram"/g)).toHaveLength(3)
    for (const n of [1, 2, 3]) expect(html).toContain(`<h3>Diagram page ${n}</h3>`)
    const { text } = pdfText(await renderPdf(report, { layout: 'full', timeZone: 'UTC' }))
    for (const n of [1, 2, 3]) {
      expect(text).toContain(`Diagram page ${n}`)
      expect(text).toContain(`Drawing of page ${n}`)
    }
  })

  it('keeps the summary to one page with the first diagram page only', async () => {
    const html = renderHtml(report, { layout: 'summary', timeZone: 'UTC' })
    expect(html.match(/<img class="diagram/g)).toHaveLength(1)
    expect(html).toContain('The full report shows all 3 pages of the board.')
    const { pages, text } = pdfText(await renderPdf(report, { layout: 'summary', timeZone: 'UTC' }))
    expect(pages).toBe(1)
    expect(text).toContain('Drawing of page 1')
    expect(text).not.toContain('Drawing of page 2')
  })
})

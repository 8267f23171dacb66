import type { Report } from './buildReport.ts'
import { INK, MARGIN, MUTED, type PdfWriter } from './pdfWriter.ts'
import { tableColumns } from './tableColumns.ts'
import { label, yesNo } from './text.ts'

/** Padding inside a cell, on each side. */
const PAD = 3

/**
 * A simple table: header row in bold, each cell wrapped within its column (never in the middle
 * of a word that a wider column could hold), rows separated by a rule, a new page (with the
 * header again) when a row would not fit.
 */
function table(w: PdfWriter, head: string[], widths: number[], rows: string[][]) {
  const { doc } = w
  const longestWord = (cells: string[], font: string, i: number) => {
    doc.font(font).fontSize(8.5)
    return Math.max(
      0,
      ...w
        .t(cells[i]!)
        .split(/\s+/)
        .map((word) => doc.widthOfString(word)),
    )
  }
  const least = head.map(
    (_, i) =>
      Math.max(longestWord(head, w.bold, i), ...rows.map((r) => longestWord(r, w.regular, i))) +
      2 * PAD +
      1,
  )
  const cols = tableColumns(widths, least, w.width)
  const drawRow = (cells: string[], font: string, color: string) => {
    doc.font(font).fontSize(8.5).fillColor(color)
    const heights = cells.map((c, i) => doc.heightOfString(w.t(c), { width: cols[i]! - 2 * PAD }))
    const h = Math.max(...heights) + 2 * PAD
    if (doc.y + h > w.bottom()) {
      doc.addPage()
      if (cells !== head) drawRow(head, w.bold, MUTED)
      doc.font(font).fontSize(8.5).fillColor(color)
    }
    const y = doc.y
    let x = MARGIN
    cells.forEach((c, i) => {
      doc.text(w.t(c), x + PAD, y + PAD, { width: cols[i]! - 2 * PAD })
      x += cols[i]!
    })
    doc
      .moveTo(MARGIN, y + h)
      .lineTo(MARGIN + w.width, y + h)
      .lineWidth(0.5)
      .strokeColor('#d7dbe3')
      .stroke()
    doc.x = MARGIN
    doc.y = y + h
  }
  drawRow(head, w.bold, MUTED)
  for (const r of rows) drawRow(r, w.regular, INK)
  doc.moveDown(0.5)
}

/** The inventory of the board: its elements and its data flows, with their flags. */
export function pdfInventory(w: PdfWriter, r: Report): void {
  const inv = r.inventory
  const boundary = new Map(inv.boundaries.map((b) => [b.id, b.name]))
  const paged = inv.pages.length > 1
  const dash = (s: string) => s || '—'
  w.h2('Inventory')
  w.h3('Elements')
  if (inv.elements.length === 0) w.para('No elements on the board.', MUTED)
  else
    table(
      w,
      [
        'Element',
        'Kind',
        'In scope',
        'Trust boundary',
        'Pinned assets',
        ...(paged ? ['Page'] : []),
      ],
      [3, 2, 1.3, 2.5, 3, ...(paged ? [1.6] : [])],
      inv.elements.map((e) => [
        e.name || label(e.kind),
        label(e.kind),
        yesNo(e.inScope),
        dash(e.boundaryId ? (boundary.get(e.boundaryId) ?? '') : ''),
        dash(e.assets.join(', ')),
        ...(paged ? [e.page] : []),
      ]),
    )
  w.h3('Data flows')
  if (inv.flows.length === 0) w.para('No data flows on the board.', MUTED)
  else
    table(
      w,
      [
        'Flow',
        'From → to',
        'Protocol',
        'Encrypted',
        'Public network',
        'In scope',
        ...(paged ? ['Page'] : []),
      ],
      [2.6, 3.6, 1.6, 1.4, 1.4, 1.2, ...(paged ? [1.6] : [])],
      inv.flows.map((f) => [
        dash(f.label),
        `${f.from} ${f.bidirectional ? '↔' : '→'} ${f.to}`,
        dash(f.protocol),
        yesNo(f.encrypted),
        yesNo(f.publicNetwork),
        yesNo(f.inScope),
        ...(paged ? [f.page] : []),
      ]),
    )
}

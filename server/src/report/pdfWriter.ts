import { existsSync } from 'node:fs'
import PDFDocument from 'pdfkit'
import SVGtoPDF from 'svg-to-pdfkit'
import type { ReportDiagramPage } from './ReportDiagram.ts'

/** A Unicode font if the system has one (Debian: fonts-dejavu-core); else PDF's Helvetica. */
const UNICODE_FONTS = [
  [
    '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
    '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  ],
  ['/usr/share/fonts/dejavu/DejaVuSans.ttf', '/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf'],
] as const

/** About the height a one-line `h2` and `h3` take, with the space above and under them. */
const H2 = 40
const H3 = 22

export const INK = '#1d2433'
export const MUTED = '#5b6475'
export const MARGIN = 50

/**
 * A PDFKit document with the report's typography: headings, paragraphs, bullets, and `t`, which
 * makes user text drawable with the font in use. User text is only ever drawn as text.
 */
export function pdfWriter(title: string, createdAt: Date) {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    // The report's own time, so one report renders to the same file every time.
    info: {
      Title: `${title} — threat model report`,
      Creator: 'Threatboard',
      CreationDate: createdAt,
      ModDate: createdAt,
    },
  })
  const fonts = UNICODE_FONTS.find(([regular]) => existsSync(regular))
  let regular = 'Helvetica'
  let bold = 'Helvetica-Bold'
  // Without a Unicode font, characters Helvetica cannot draw are shown as "?" rather than garbage.
  let t = (s: string) =>
    s
      .replace(/\u2194/g, '<->')
      .replace(/\u2192/g, '->')
      .replace(/[^\x20-\x7e\u00a0-\u00ff\u2013\u2014\u2018-\u201d\u2022\u2026]/g, '?')
  if (fonts) {
    doc.registerFont('body', fonts[0])
    doc.registerFont('bold', fonts[1])
    regular = 'body'
    bold = 'bold'
    t = (s: string) => s
  }
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  /** The text width of a portrait sheet: the summary's and the inventory's columns. */
  const width = doc.page.width - 2 * MARGIN
  /** The text width of the sheet at hand: diagram sheets may be landscape. */
  const across = () => doc.page.width - 2 * MARGIN
  /** Lowest y content may reach; the footer lives below it. */
  const bottom = () => doc.page.height - MARGIN - 10

  /** `head` cut (with an ellipsis) so that `head` then `tail` fit in `room` at the current font. */
  const keepTail = (head: string, tail: string, room: number) => {
    // A little slack: PDFKit wraps a line a hair before it is full.
    const fits = (s: string) => doc.widthOfString(s) <= room - 2
    if (fits(head + tail)) return head + tail
    let lo = 0
    let hi = head.length
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (fits(`${head.slice(0, mid).trimEnd()}…${tail}`)) lo = mid
      else hi = mid - 1
    }
    return `${head.slice(0, lo).trimEnd()}…${tail}`
  }

  /**
   * A new page unless `room` points are left above the bottom margin at `doc.y`. At a page's top
   * it adds none: what is taller than a page starts there and runs on.
   */
  const keepRoom = (room: number) => {
    if (doc.y > doc.page.margins.top + 1 && doc.y + room > bottom()) doc.addPage()
  }

  /** The height `s` takes in `font` at `size` over `wide` points (it leaves that font set). */
  const heightOf = (s: string, font: string, size: number, wide: number) =>
    doc.font(font).fontSize(size).heightOfString(t(s), { width: wide })

  const w = {
    doc,
    keepRoom,
    heightOf,
    t,
    regular,
    bold,
    width,
    across,
    bottom,
    done,
    h1: (s: string) =>
      doc.font(bold).fontSize(20).fillColor(INK).text(t(s), MARGIN, doc.y, { width: across() }),
    /**
     * A section's heading, on a new page unless it and `next` points of what follows it (by
     * default about two lines) fit on this one: no heading is left alone at a page's foot.
     */
    h2: (s: string, next = 50) => {
      keepRoom(H2 + next)
      doc
        .moveDown(0.8)
        .font(bold)
        .fontSize(14)
        .fillColor(INK)
        .text(t(s), MARGIN, doc.y, { width: across() })
      doc
        .moveTo(MARGIN, doc.y + 2)
        .lineTo(MARGIN + across(), doc.y + 2)
        .strokeColor('#d7dbe3')
        .stroke()
        .moveDown(0.4)
    },
    /** A sub-heading, kept with `next` points of what follows it (a line by default), as `h2`. */
    h3: (s: string, color = INK, next = 18) => {
      keepRoom(H3 + next)
      return doc
        .moveDown(0.3)
        .font(bold)
        .fontSize(11.5)
        .fillColor(color)
        .text(t(s), MARGIN, doc.y, { width: across() })
    },
    para: (s: string, color = INK) =>
      doc
        .font(regular)
        .fontSize(10)
        .fillColor(color)
        .text(t(s), MARGIN, doc.y, { width: across() }),
    bullet: (s: string, indent = 0) =>
      doc
        .font(regular)
        .fontSize(10)
        .fillColor(INK)
        .text(`•  ${t(s)}`, MARGIN + 12 + indent, doc.y, { width: across() - 12 - indent }),
    /**
     * One line of text, cut with an ellipsis if it would wrap (the summary page's lists). A
     * `tail` (who owns it, its state) is kept whole: the text before it is cut instead.
     */
    line: (
      s: string,
      opts: { color?: string; font?: string; size?: number; x?: number; tail?: string } = {},
    ) => {
      const size = opts.size ?? 9.5
      const x = opts.x ?? MARGIN + 10
      const room = MARGIN + width - x
      doc
        .font(opts.font ?? regular)
        .fontSize(size)
        .fillColor(opts.color ?? INK)
      const text = opts.tail === undefined ? t(s) : keepTail(t(s), t(opts.tail), room)
      doc.text(text, x, doc.y, { width: room, height: size * 1.3, ellipsis: true })
    },
    /**
     * Draws one page of the diagram scaled to fit `maxWidth` × `maxHeight` at (x, y); returns the
     * height it took. A drawing svg-to-pdfkit cannot read is replaced by a sentence.
     */
    diagram: (d: ReportDiagramPage, x: number, y: number, maxWidth: number, maxHeight: number) => {
      const scale = Math.min(maxWidth / (d.width || 1), maxHeight / (d.height || 1))
      const dw = (d.width || 1) * scale
      const dh = (d.height || 1) * scale
      const left = x + (maxWidth - dw) / 2
      try {
        SVGtoPDF(doc, d.svg, left, y, {
          width: dw,
          height: dh,
          preserveAspectRatio: 'xMidYMid meet',
          // The diagram's text in the report's font, so names in any script print as typed.
          fontCallback: (_family: string, isBold: boolean) => (isBold ? bold : regular),
        })
        doc.rect(left, y, dw, dh).lineWidth(0.5).strokeColor('#d7dbe3').stroke()
      } catch {
        doc.font(regular).fontSize(10).fillColor(MUTED)
        doc.text(
          t('(This page of the diagram could not be drawn in the PDF; see the HTML report.)'),
          x,
          y,
          {
            width: maxWidth,
          },
        )
        return doc.y - y
      }
      doc.x = MARGIN
      doc.y = y + dh + 6
      return dh
    },
    /** Page numbers in the bottom margin of every page. */
    footer: (label: string) => {
      const range = doc.bufferedPageRange()
      for (let i = range.start; i < range.start + range.count; i++) {
        doc.switchToPage(i)
        // The footer sits in the bottom margin; without this PDFKit would start a new page for it.
        doc.page.margins.bottom = 0
        doc.font(regular).fontSize(8).fillColor(MUTED)
        doc.text(t(`${label} · page ${i + 1} of ${range.count}`), MARGIN, doc.page.height - 35, {
          // Diagram sheets may be landscape: centre on the sheet at hand.
          width: across(),
          align: 'center',
          lineBreak: false,
        })
      }
    },
  }
  return w
}

export type PdfWriter = ReturnType<typeof pdfWriter>

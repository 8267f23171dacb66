import { existsSync } from 'node:fs'
import PDFDocument from 'pdfkit'
import SVGtoPDF from 'svg-to-pdfkit'
import {
  PRIORITIES,
  PRIORITY_MEANING,
  RECOMMENDATION_STATUSES,
  SEVERITIES,
  STRIDE_INFO,
} from '@threatboard/shared'
import type { Report } from './buildReport.ts'
import { categoryLabel, diagramLine, label, versionLine } from './text.ts'

/** A Unicode font if the system has one (Debian: fonts-dejavu-core); else PDF's Helvetica. */
const UNICODE_FONTS = [
  [
    '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
    '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  ],
  ['/usr/share/fonts/dejavu/DejaVuSans.ttf', '/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf'],
] as const

const SEVERITY_COLOR: Record<string, string> = {
  critical: '#9b1c1c',
  high: '#9a3412',
  medium: '#854d0e',
  low: '#166534',
}

/**
 * The report as a PDF a person would hand to a manager: A4, headed sections, the diagram drawn
 * as vectors, page numbers. User text is only ever drawn as text.
 */
export function renderPdf(r: Report): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    bufferPages: true,
    info: { Title: `${r.title} — threat model report`, Creator: 'Threatboard' },
  })
  const fonts = UNICODE_FONTS.find(([regular]) => existsSync(regular))
  let regular = 'Helvetica'
  let bold = 'Helvetica-Bold'
  // Without a Unicode font, characters Helvetica cannot draw are shown as "?" rather than garbage.
  let t = (s: string) =>
    s.replace(/[^\x20-\x7e\u00a0-\u00ff\u2013\u2014\u2018-\u201d\u2022\u2026]/g, '?')
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
  const width = doc.page.width - 100

  const h1 = (s: string) => doc.font(bold).fontSize(20).fillColor('#1d2433').text(t(s), { width })
  const h2 = (s: string) => {
    if (doc.y > doc.page.height - 140) doc.addPage()
    doc.moveDown(0.8).font(bold).fontSize(14).fillColor('#1d2433').text(t(s), { width })
    doc
      .moveTo(50, doc.y + 2)
      .lineTo(50 + width, doc.y + 2)
      .strokeColor('#d7dbe3')
      .stroke()
      .moveDown(0.4)
  }
  const h3 = (s: string, color = '#1d2433') =>
    doc.moveDown(0.3).font(bold).fontSize(11.5).fillColor(color).text(t(s), { width })
  const para = (s: string, color = '#1d2433') =>
    doc.font(regular).fontSize(10).fillColor(color).text(t(s), { width })
  const bullet = (s: string, indent = 0) =>
    doc
      .font(regular)
      .fontSize(10)
      .fillColor('#1d2433')
      .text(`•  ${t(s)}`, 50 + 12 + indent, doc.y, { width: width - 12 - indent })
  const list = (title: string, items: string[]) => {
    h3(title)
    if (items.length === 0) para('(none listed)', '#5b6475')
    for (const i of items) bullet(i)
    doc.x = 50
  }

  const s = r.session
  h1(r.title)
  para(`Threat model report · generated ${r.generatedAt}`, '#5b6475')
  para(versionLine(r.version), '#5b6475')

  h2('Scope')
  if (s.description) para(s.description)
  para(`Size: ${label(s.size)} (timebox ${s.timeboxMinutes} min) · Phase: ${label(s.phase)}`)
  list('In scope', s.inScope)
  list('Out of scope', s.outOfScope)
  list('Goals', s.goals)
  if (s.lastThing) {
    h3('The last thing we want to happen')
    para(s.lastThing)
  }
  list(
    'Participants',
    s.participants.map((p) => `${p.name} (${label(p.role)})`),
  )

  h2('Diagram')
  para(diagramLine(r), '#5b6475')
  if (r.diagram) {
    const top = doc.y + 6
    const height = 300
    if (top + height > doc.page.height - 60) doc.addPage()
    try {
      SVGtoPDF(doc, r.diagram.svg, 50, doc.y + 6, {
        width,
        height,
        preserveAspectRatio: 'xMidYMid meet',
      })
    } catch {
      para('(The diagram could not be drawn in the PDF; see the HTML report.)', '#5b6475')
    }
    doc.x = 50
    doc.y = Math.max(doc.y, top) + height + 10
  }

  h2('Assets')
  if (r.assets.length === 0) para('No assets listed.', '#5b6475')
  for (const a of r.assets)
    bullet(
      `${a.name} — ${label(a.kind)}, ${label(a.sensitivity)}${a.owner ? `, owner ${a.owner}` : ''}`,
    )
  doc.x = 50

  h2('Recommendations')
  if (r.recommendations.length === 0) para('No recommendations yet.', '#5b6475')
  for (const p of PRIORITIES) {
    const recs = r.recommendations.filter((x) => x.priority === p)
    if (recs.length === 0) continue
    h3(`${label(p)} priority — ${PRIORITY_MEANING[p]}`)
    for (const rec of recs) {
      doc
        .font(bold)
        .fontSize(10)
        .fillColor('#1d2433')
        .text(t(rec.text), 62, doc.y, { width: width - 12 })
      const details = [
        label(rec.status),
        rec.owner ? `owner ${rec.owner}` : '',
        rec.ticketUrl ? `ticket ${rec.ticketUrl}` : '',
      ].filter(Boolean)
      doc
        .font(regular)
        .fontSize(9.5)
        .fillColor('#5b6475')
        .text(t(details.join(' · ')), 62, doc.y, { width: width - 12 })
      if (rec.exception)
        doc.text(
          t(`Exception approved by ${rec.exception.approvedBy}: ${rec.exception.reason}`),
          62,
          doc.y,
          { width: width - 12 },
        )
      for (const th of rec.threats)
        doc.text(
          t(`Answers: ${th.title} (${categoryLabel(th.category)}, ${label(th.severity)})`),
          62,
          doc.y,
          { width: width - 12 },
        )
      doc.moveDown(0.3)
    }
    doc.x = 50
  }

  h2('Threats')
  if (r.threatsByCategory.length === 0) para('No threats recorded.', '#5b6475')
  for (const g of r.threatsByCategory) {
    h3(`${g.letter} — ${g.label}`, STRIDE_INFO[g.category].color)
    for (const th of g.threats) {
      if (doc.y > doc.page.height - 100) doc.addPage()
      doc
        .font(bold)
        .fontSize(10)
        .fillColor('#1d2433')
        .text(t(th.title), 62, doc.y, { width: width - 12, continued: true })
      doc
        .font(bold)
        .fillColor(SEVERITY_COLOR[th.severity] ?? '#1d2433')
        .text(t(`  ${label(th.severity)}`), { continued: true })
      doc
        .font(regular)
        .fillColor('#5b6475')
        .text(t(` · ${label(th.status)}${th.answeredBy.length ? '' : ' · no recommendation'}`))
      doc
        .font(regular)
        .fontSize(9.5)
        .fillColor('#5b6475')
        .text(t(`Targets: ${th.targetNames.join(', ') || '—'}`), 62, doc.y, { width: width - 12 })
      if (th.description)
        doc.fillColor('#1d2433').text(t(th.description), 62, doc.y, { width: width - 12 })
      if (th.mitigation)
        doc
          .fillColor('#1d2433')
          .text(t(`Mitigation: ${th.mitigation}`), 62, doc.y, { width: width - 12 })
      doc.moveDown(0.3)
    }
    doc.x = 50
  }

  h2('Called out')
  para(
    r.unansweredThreats.length
      ? `Open threats without a recommendation: ${r.unansweredThreats.map((x) => `${x.title} (${label(x.severity)})`).join('; ')}.`
      : 'Every open threat has a recommendation.',
  )
  para(
    r.exceptions.length
      ? `Exceptions: ${r.exceptions.map((e) => `${e.text} — approved by ${e.exception?.approvedBy ?? '?'}`).join('; ')}.`
      : 'No exceptions.',
  )

  h2('Hints and review')
  if (r.hints.length === 0 && r.reviews.length === 0) para('No hints or review notes.', '#5b6475')
  for (const h of r.hints) bullet(`Hint from ${h.author} (${label(h.state)}): ${h.text}`)
  for (const v of r.reviews)
    bullet(
      `${label(v.verdict)} by ${v.reviewer}, ${new Date(v.at).toISOString()}: ${v.comment}${v.findings ? ` Findings: ${v.findings}` : ''}`,
    )
  doc.x = 50

  h2('Summary')
  const c = r.counts
  para(
    `Open threats by severity: ${SEVERITIES.map((x) => `${label(x)} ${c.openThreatsBySeverity[x]}`).join(' · ')}`,
  )
  para(
    `Recommendations by priority: ${PRIORITIES.map((x) => `${label(x)} ${c.recommendationsByPriority[x]}`).join(' · ')}`,
  )
  para(
    `Recommendations by status: ${RECOMMENDATION_STATUSES.map((x) => `${label(x)} ${c.recommendationsByStatus[x]}`).join(' · ')}`,
  )

  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    // The footer sits in the bottom margin; without this PDFKit would start a new page for it.
    doc.page.margins.bottom = 0
    doc.font(regular).fontSize(8).fillColor('#5b6475')
    doc.text(t(`${r.title} · page ${i + 1} of ${range.count}`), 50, doc.page.height - 35, {
      width,
      align: 'center',
      lineBreak: false,
    })
  }
  doc.end()
  return done
}

import { PRIORITIES, PRIORITY_MEANING } from '@threatboard/shared/domain/recommendation.ts'
import { STRIDE_INFO } from '@threatboard/shared/domain/stride.ts'
import type { Report } from './buildReport.ts'
import { pdfInventory } from './pdfInventory.ts'
import { pdfSummary } from './pdfSummary.ts'
import { INK, MARGIN, MUTED, pdfWriter } from './pdfWriter.ts'
import {
  allAnsweredText,
  aboutLine,
  categoryLabel,
  DEFAULT_RENDER,
  diagramLine,
  label,
  SEVERITY_COLOR,
  when,
  type RenderOptions,
} from './text.ts'

/**
 * The report as a PDF a person would hand to a manager: A4, the summary on page one, then (in
 * the `full` layout) every page of the diagram drawn as vectors and scaled to fit, the
 * inventory and the details, with page numbers. `summary` and `ticket` are the first page alone.
 */
export function renderPdf(r: Report, opts: RenderOptions = DEFAULT_RENDER): Promise<Buffer> {
  const w = pdfWriter(r.title, new Date(r.generatedAt))
  const { doc, width, t, regular, bold, h2, h3, para, bullet, keepRoom, heightOf } = w
  // A recommendation's or a threat's lines, measured as they are drawn below: each is kept
  // whole on one page, and the headings over them are kept with the first.
  const inner = width - 12
  type Rec = Report['recommendations'][number]
  /** A recommendation's lines under its text: status, owner and ticket; exception; threats. */
  const recLines = (rec: Rec) => [
    [
      label(rec.status),
      rec.owner ? `owner ${rec.owner}` : '',
      rec.ticketUrl ? `ticket ${rec.ticketUrl}` : '',
    ]
      .filter(Boolean)
      .join(' · '),
    ...(rec.exception
      ? [`Exception approved by ${rec.exception.approvedBy}: ${rec.exception.reason}`]
      : []),
    ...rec.threats.map(
      (th) => `Answers: ${th.title} (${categoryLabel(th.category)}, ${label(th.severity)})`,
    ),
  ]
  const recHeight = (rec: Rec) =>
    heightOf(rec.text, bold, 10, inner) +
    recLines(rec).reduce((sum, line) => sum + heightOf(line, regular, 9.5, inner), 0) +
    4
  type ReportThreat = Report['threatsByCategory'][number]['threats'][number]
  /** A threat's first line after its title and severity: its status, and "no recommendation". */
  const threatState = (th: ReportThreat) =>
    ` · ${label(th.status)}${th.answeredBy.length ? '' : ' · no recommendation'}`
  /** A threat's lines under its first, with their colours: targets, description, mitigation. */
  const threatLines = (th: ReportThreat): [string, string][] => [
    [`Targets: ${th.targetNames.join(', ') || '—'}`, MUTED],
    ...(th.description ? [[th.description, INK] as [string, string]] : []),
    ...(th.mitigation ? [[`Mitigation: ${th.mitigation}`, INK] as [string, string]] : []),
  ]
  const threatHeight = (th: ReportThreat) =>
    heightOf(`${th.title}  ${label(th.severity)}${threatState(th)}`, bold, 10, inner) +
    threatLines(th).reduce((sum, [line]) => sum + heightOf(line, regular, 9.5, inner), 0) +
    4
  const tz = opts.timeZone
  const list = (title: string, items: string[]) => {
    h3(title)
    if (items.length === 0) para('(none listed)', MUTED)
    for (const i of items) bullet(i)
    doc.x = MARGIN
  }

  pdfSummary(w, r, opts.layout, tz)
  if (opts.layout !== 'full') {
    w.footer(r.title)
    doc.end()
    return w.done
  }

  // Each page of the diagram on a sheet of its own, turned to the drawing's orientation.
  r.diagrams.forEach((d, i) => {
    doc.addPage({ size: 'A4', layout: d.width > d.height ? 'landscape' : 'portrait' })
    h2(r.diagrams.length > 1 ? `Diagram — ${d.pageName}` : 'Diagram')
    if (i === 0) para(diagramLine(r), MUTED)
    w.diagram(d, MARGIN, doc.y + 4, w.across(), w.bottom() - doc.y - 8)
  })
  // Back to the report's portrait sheets (a board with nothing drawn says so on the first).
  doc.addPage({ size: 'A4', layout: 'portrait' })
  if (r.diagrams.length === 0) {
    h2('Diagram')
    para(diagramLine(r), MUTED)
  }

  pdfInventory(w, r)

  const s = r.session
  h2('Scope')
  if (s.description) para(s.description)
  para(`Phase: ${label(s.phase)}`)
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
    h3(`${label(p)} priority — ${PRIORITY_MEANING[p]}`, INK, recHeight(recs[0]!))
    for (const rec of recs) {
      keepRoom(recHeight(rec))
      doc
        .font(bold)
        .fontSize(10)
        .fillColor('#1d2433')
        .text(t(rec.text), 62, doc.y, { width: width - 12 })
      doc.font(regular).fontSize(9.5).fillColor('#5b6475')
      for (const line of recLines(rec)) doc.text(t(line), 62, doc.y, { width: inner })
      doc.moveDown(0.3)
    }
    doc.x = 50
  }

  const firstGroup = r.threatsByCategory[0]
  h2('Threats', firstGroup ? 22 + threatHeight(firstGroup.threats[0]!) : undefined)
  if (r.threatsByCategory.length === 0) para('No threats recorded.', '#5b6475')
  for (const g of r.threatsByCategory) {
    h3(`${g.letter} — ${g.label}`, STRIDE_INFO[g.category].color, threatHeight(g.threats[0]!))
    for (const th of g.threats) {
      keepRoom(threatHeight(th))
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
        .fillColor(MUTED)
        .text(t(threatState(th)))
      doc.fontSize(9.5)
      for (const [line, color] of threatLines(th))
        doc.fillColor(color).text(t(line), 62, doc.y, { width: inner })
      doc.moveDown(0.3)
    }
    doc.x = 50
  }

  h2('Called out')
  para(
    r.unansweredThreats.length
      ? `Open threats without a recommendation: ${r.unansweredThreats.map((x) => `${x.title} (${label(x.severity)})`).join('; ')}.`
      : allAnsweredText(r),
  )
  para(
    r.exceptions.length
      ? `Exceptions: ${r.exceptions.map((e) => `${e.text} — approved by ${e.exception?.approvedBy ?? '?'}`).join('; ')}.`
      : 'No exceptions.',
  )

  h2('Hints and review')
  if (r.hints.length === 0 && r.reviews.length === 0) para('No hints or review notes.', '#5b6475')
  for (const h of r.hints)
    bullet(
      `Hint on ${aboutLine(h.about)} from ${h.author}, ${when(h.createdAt, tz)} (${label(h.state)}): ${h.text}`,
    )
  for (const v of r.reviews)
    bullet(
      `${label(v.verdict)} by ${v.reviewer}, ${when(v.at, tz)}: ${v.comment}${v.findings ? ` Findings: ${v.findings}` : ''}`,
    )
  doc.x = 50

  w.footer(r.title)
  doc.end()
  return w.done
}

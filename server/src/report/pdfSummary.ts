import { STRIDE, STRIDE_INFO } from '@threatboard/shared/domain/stride.ts'
import { SEVERITIES } from '@threatboard/shared/domain/threat.ts'
import type { Report, ReportLayout } from './buildReport.ts'
import { INK, MARGIN, MUTED, type PdfWriter } from './pdfWriter.ts'
import {
  andMore,
  categoryLabel,
  clip,
  coverageGapLine,
  coverageHeadline,
  GAPS_REST,
  label,
  modelLine,
  noSevereUnansweredText,
  participantsLine,
  reviewLine,
  reviewNote,
  SEVERITY_COLOR,
  SUMMARY_CAP,
  versionLine,
  when,
} from './text.ts'

interface Bar {
  label: string
  value: number
  color: string
}

/** A small horizontal bar chart drawn with PDF rectangles; returns its height. */
function barChart(w: PdfWriter, title: string, bars: Bar[], x: number, y: number, width: number) {
  const { doc } = w
  const row = 14
  const labelW = 118
  const barMax = width - labelW - 26
  const max = Math.max(1, ...bars.map((b) => b.value))
  doc.font(w.bold).fontSize(9).fillColor(MUTED).text(w.t(title), x, y, { width, lineBreak: false })
  bars.forEach((b, i) => {
    const top = y + 15 + i * row
    const len = b.value > 0 ? Math.max(2, (b.value / max) * barMax) : 0
    doc.font(w.regular).fontSize(8.5).fillColor(INK)
    doc.text(w.t(b.label), x, top + 1, { width: labelW - 4, lineBreak: false })
    if (len > 0) doc.rect(x + labelW, top, len, row - 4).fill(b.color)
    doc.fillColor(INK).text(String(b.value), x + labelW + len + 4, top + 1, { lineBreak: false })
  })
  return 15 + bars.length * row
}

/**
 * Page one of the PDF, and the whole of the `summary` layout: it never runs onto a second page.
 * Every list is capped (with "and N more") and every line cut with an ellipsis, and each block
 * is drawn only if it still fits; the space left at the bottom holds the first page of the
 * diagram in the `summary` layout.
 */
export function pdfSummary(w: PdfWriter, r: Report, layout: ReportLayout, tz: string): void {
  const { doc, width } = w
  const s = r.summary
  const fits = (h: number) => doc.y + h <= w.bottom()
  const rest = layout === 'full' ? 'in the pages that follow' : 'in the full report'

  doc.font(w.bold).fontSize(20).fillColor(INK)
  doc.text(w.t(clip(r.title, 120)), MARGIN, doc.y, { width, height: 52, ellipsis: true })
  w.line(`Threat model report · generated ${when(r.generatedAt, tz)}`, { color: MUTED, x: MARGIN })
  w.line(versionLine(r.version, tz), { color: MUTED, x: MARGIN })
  w.h2('Summary')
  if (r.session.description) {
    doc.font(w.regular).fontSize(10).fillColor(INK)
    doc.text(w.t(clip(r.session.description, 400)), MARGIN, doc.y, {
      width,
      height: 40,
      ellipsis: true,
    })
  }
  const started = r.session.startedAt ? ` · started ${when(r.session.startedAt, tz)}` : ''
  w.line(
    `Modelled: ${label(r.session.size)} session (timebox ${r.session.timeboxMinutes} min)${started}`,
    { x: MARGIN, size: 10 },
  )
  doc.font(w.regular).fontSize(10).fillColor(INK)
  doc.text(w.t(modelLine(r)), MARGIN, doc.y, { width, height: 26, ellipsis: true })
  const people = participantsLine(r)
  if (people) doc.text(w.t(people), MARGIN, doc.y, { width, height: 26, ellipsis: true })
  const reviewColor =
    s.review.state === 'reviewed'
      ? '#166534'
      : s.review.state === 'changes-requested'
        ? '#9a3412'
        : MUTED
  w.line(`Review: ${reviewLine(s.review, tz)}`, {
    x: MARGIN,
    size: 10,
    font: w.bold,
    color: reviewColor,
  })
  const note = reviewNote(s.review)
  if (note) {
    doc.font(w.regular).fontSize(9.5).fillColor(INK)
    doc.text(w.t(note), MARGIN + 10, doc.y, { width: width - 10, height: 26, ellipsis: true })
  }

  const open = SEVERITIES.reduce((n, x) => n + s.threatsBySeverity[x].open, 0)
  const top = doc.y + 10
  const half = (width - 24) / 2
  const h1 = barChart(
    w,
    `Threats by severity (${open} of ${r.counts.threats} open)`,
    SEVERITIES.map((x) => ({
      label: label(x),
      value: s.threatsBySeverity[x].total,
      color: SEVERITY_COLOR[x] ?? INK,
    })),
    MARGIN,
    top,
    half,
  )
  const h2 = barChart(
    w,
    'Threats by STRIDE category',
    STRIDE.map((c) => ({
      label: `${STRIDE_INFO[c].letter}  ${categoryLabel(c)}`,
      value: s.threatsByCategory[c],
      color: STRIDE_INFO[c].color,
    })),
    MARGIN + half + 24,
    top,
    half,
  )
  doc.x = MARGIN
  doc.y = top + Math.max(h1, h2) + 6
  w.line(coverageHeadline(s.coverage), { x: MARGIN, size: 9.5 })

  /** Each item a line; an item's `tail` shows whole, its text cut if the line is too long. */
  type Item = string | { text: string; tail: string }
  const list = (title: string, items: Item[], cap: number, empty: string, where = rest) => {
    if (!fits(40)) return
    w.h3(title)
    if (items.length === 0) w.line(empty, { color: MUTED })
    let shown = 0
    for (const item of items.slice(0, cap)) {
      if (!fits(28)) break
      if (typeof item === 'string') w.line(`•  ${item}`)
      else w.line(`•  ${item.text}`, { tail: item.tail })
      shown++
    }
    const more = andMore(shown, items.length)
    if (more) w.line(`… ${more} ${where}`, { color: MUTED })
  }
  const cut = (text: string) => clip(text, SUMMARY_CAP.text)
  list(
    'Open Critical and High threats without a recommendation',
    s.openSevereUnanswered.map(
      (t) => `${label(t.severity)} · ${categoryLabel(t.category)}: ${cut(t.title)}`,
    ),
    SUMMARY_CAP.unanswered,
    noSevereUnansweredText(s),
  )
  list(
    'High-priority recommendations',
    s.highRecommendations.map((x) => ({
      text: cut(x.text),
      tail: ` — ${x.owner ? `owner ${x.owner}` : 'no owner'}, ${label(x.status).toLowerCase()}`,
    })),
    SUMMARY_CAP.highRecommendations,
    'None.',
  )
  list(
    'Exceptions',
    r.exceptions.map(
      (e) =>
        `${cut(e.text)} — approved by ${e.exception?.approvedBy ?? '?'}: ${e.exception?.reason ?? ''}`,
    ),
    SUMMARY_CAP.exceptions,
    'None.',
  )
  list(
    'Expected STRIDE categories nobody considered yet',
    s.coverage.gaps.map((g) => coverageGapLine(g, true)),
    SUMMARY_CAP.coverageGaps,
    s.coverage.percent === null ? 'No in-scope elements.' : 'None: every element was considered.',
    GAPS_REST,
  )

  const first = r.diagrams[0]
  if (first && fits(150)) {
    const where = layout === 'full' ? ' (full size on the next page)' : ''
    w.h3(`${r.diagrams.length > 1 ? `Diagram: ${first.pageName}` : 'Diagram'}${where}`)
    const y = doc.y + 4
    w.diagram(first, MARGIN, y, width, w.bottom() - y - 4)
  }
}

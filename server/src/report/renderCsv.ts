import { PRIORITY_MEANING } from '@threatboard/shared/domain/recommendation.ts'
import type { Report } from './buildReport.ts'
import { categoryLabel, label } from './text.ts'

/**
 * One CSV cell: RFC 4180 quoting, and a cell a spreadsheet would evaluate as a formula
 * (starting with = + - @, a tab or a carriage return) is prefixed with an apostrophe.
 */
export function csvCell(value: string | number | undefined): string {
  let s = value === undefined ? '' : String(value)
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s
}

const line = (cells: (string | number | undefined)[]) => cells.map(csvCell).join(',')

/** A related item as a person and a script both read it: `Title [id]`. */
const named = (id: string, title: string | undefined) => (title ? `${title} [${id}]` : `[${id}]`)

/**
 * Threats and recommendations, one row each, for a ticket-tracker import. The `type` column
 * tells them apart; `related` links a recommendation to the threats it answers and back, each
 * by title and id, separated by `; `.
 */
export function renderCsv(r: Report): string {
  const threatTitle = new Map(
    r.threatsByCategory.flatMap((g) => g.threats.map((t) => [t.id, t.title])),
  )
  const recText = new Map(r.recommendations.map((x) => [x.id, x.text]))
  const rows = [
    line([
      'type',
      'id',
      'title',
      'category',
      'severity_or_priority',
      'priority_meaning',
      'status',
      'owner',
      'ticket',
      'targets',
      'related',
      'description',
      'mitigation_or_exception',
    ]),
  ]
  for (const rec of r.recommendations) {
    rows.push(
      line([
        'recommendation',
        rec.id,
        rec.text,
        '',
        label(rec.priority),
        PRIORITY_MEANING[rec.priority],
        label(rec.status),
        rec.owner,
        rec.ticketUrl,
        '',
        rec.threatIds.map((id) => named(id, threatTitle.get(id))).join('; '),
        '',
        rec.exception ? `approved by ${rec.exception.approvedBy}: ${rec.exception.reason}` : '',
      ]),
    )
  }
  for (const group of r.threatsByCategory) {
    for (const t of group.threats) {
      rows.push(
        line([
          'threat',
          t.id,
          t.title,
          categoryLabel(t.category),
          label(t.severity),
          '',
          label(t.status),
          t.author,
          '',
          t.targetNames.join('; '),
          t.answeredBy.map((id) => named(id, recText.get(id))).join('; '),
          t.description,
          t.mitigation,
        ]),
      )
    }
  }
  return `${rows.join('\r\n')}\r\n`
}

import { SEVERITIES, SEVERITY_RANK } from '@threatboard/shared/domain/threat.ts'
import { count } from '@threatboard/shared/text/count.ts'
import type { Report } from './buildReport.ts'
import { md } from './markdownText.ts'
import {
  andMore,
  capitalise,
  categoryLabel,
  clip,
  coverageHeadline,
  label,
  participantsLine,
  reviewLine,
  reviewNote,
  versionLine,
  when,
} from './text.ts'

/** The most a ticket carries; every High recommendation is always named. */
const TICKET = { otherRecommendations: 6, threats: 8, exceptions: 3, text: 140, chars: 3900 }

/**
 * The report as a ticket's description (see `ticketText`). When the caps still leave it longer
 * than a tracker's description comfortably takes, fewer medium/low recommendations and threats
 * are listed (each list says how many more the full report holds).
 */
export function renderTicket(r: Report, tz: string): string {
  let others = TICKET.otherRecommendations
  let threats = TICKET.threats
  let text = ticketText(r, tz, others, threats)
  while (text.length > TICKET.chars && (others > 0 || threats > 2)) {
    if (threats > 2) threats--
    if (others > 0) others--
    text = ticketText(r, tz, others, threats)
  }
  return text
}

/**
 * The report as a ticket's description: plain Markdown a tracker accepts (no tables, no HTML,
 * no diagram), short enough to paste (under 4,000 characters for a 20-threat model). It names
 * every High recommendation, the other recommendations and the worst open threats up to a cap,
 * and says how many more the full report holds.
 */
function ticketText(r: Report, tz: string, otherCap: number, threatCap: number): string {
  const s = r.summary
  const note = reviewNote(s.review, TICKET.text)
  const out: string[] = [`## Threat model: ${md(r.title)}`, '']
  if (r.session.description) out.push(md(clip(r.session.description, 300)), '')
  const open = SEVERITIES.reduce((n, x) => n + s.threatsBySeverity[x].open, 0)
  const bySeverity = SEVERITIES.filter((x) => s.threatsBySeverity[x].total > 0)
    .map((x) => `${s.threatsBySeverity[x].total} ${x}`)
    .join(', ')
  out.push(
    `${md(capitalise(versionLine(r.version, tz)))}; report of ${when(r.generatedAt, tz)}. ${md(reviewLine(s.review, tz))}.`,
    '',
    ...(note ? [`> ${md(note)}`, ''] : []),
    `**${count(r.counts.threats, 'threat')}** (${bySeverity || 'none'}), ${open} open; ` +
      `**${count(r.counts.recommendations, 'recommendation')}**.`,
    '',
    `${md(coverageHeadline(s.coverage))}.`,
    '',
  )
  const people = participantsLine(r)
  if (people) out.push(md(people), '')

  // A task list: a tracker shows each recommendation as a checkbox, ticked when done.
  const recLine = (x: Report['recommendations'][number]) => {
    const who = x.owner ? `owner ${md(x.owner)}` : 'no owner'
    const ticket = x.ticketUrl ? `, <${encodeURI(x.ticketUrl)}>` : ''
    return `- [${x.status === 'done' ? 'x' : ' '}] **${label(x.priority)}:** ${md(clip(x.text, TICKET.text))} (${who}, ${label(x.status).toLowerCase()}${ticket})`
  }
  out.push('### Recommendations', '')
  const high = r.recommendations.filter((x) => x.priority === 'high')
  const other = r.recommendations.filter((x) => x.priority !== 'high')
  const shownOther = other.slice(0, otherCap)
  if (r.recommendations.length === 0) out.push('None yet.')
  out.push(...high.map(recLine), ...shownOther.map(recLine))
  const moreRecs = andMore(shownOther.length, other.length)
  if (moreRecs) out.push(`- … ${moreRecs} (medium and low priority) in the full report`)
  out.push('')

  const threats = r.threatsByCategory
    .flatMap((g) => g.threats)
    .filter((t) => t.status === 'open')
    .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity])
  const shown = threats.slice(0, threatCap)
  out.push('### Top open threats', '')
  if (threats.length === 0) out.push('No open threats.')
  for (const t of shown) {
    const on = t.targetNames.length ? ` (on ${md(clip(t.targetNames.join(', '), 60))})` : ''
    const answered = t.answeredBy.length ? '' : ' — **no recommendation**'
    out.push(
      `- **${label(t.severity)}** · ${categoryLabel(t.category)}: ${md(clip(t.title, 120))}${on}${answered}`,
    )
  }
  const moreThreats = andMore(shown.length, threats.length)
  if (moreThreats) out.push(`- … ${moreThreats} open in the full report`)
  out.push('')

  if (r.exceptions.length > 0) {
    out.push('### Exceptions', '')
    for (const e of r.exceptions.slice(0, TICKET.exceptions))
      out.push(
        `- ${md(clip(e.text, 100))} — approved by ${md(e.exception?.approvedBy ?? '?')}: ${md(clip(e.exception?.reason ?? '', 100))}`,
      )
    const more = andMore(TICKET.exceptions, r.exceptions.length)
    if (more) out.push(`- … ${more}`)
    out.push('')
  }
  return `${out.join('\n').trimEnd()}\n`
}

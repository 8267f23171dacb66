import {
  PRIORITY_MEANING,
  SEVERITIES,
  PRIORITIES,
  RECOMMENDATION_STATUSES,
} from '@threatboard/shared'
import type { Report } from './buildReport.ts'
import { categoryLabel, diagramLine, label, versionLine } from './text.ts'

/**
 * Escapes user text for Markdown: every character that could start markup (emphasis, links,
 * images, headings, lists, HTML, code) is backslash-escaped, and line breaks become spaces, so
 * user text can neither inject a link nor break a table row.
 */
export function md(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_{}[\]()#+\-.!|<>~&"]/g, (c) => (c === '&' ? '&amp;' : `\\${c}`))
}

const row = (cells: string[]) => `| ${cells.join(' | ')} |`

/** The report as one Markdown document (GitHub-flavoured tables). */
export function renderMarkdown(r: Report): string {
  const out: string[] = []
  const s = r.session
  out.push(`# ${md(r.title)} — threat model report`, '')
  out.push(`Generated ${r.generatedAt} · ${md(versionLine(r.version))}`, '')

  out.push('## Scope', '')
  if (s.description) out.push(md(s.description), '')
  out.push(
    `**Size:** ${label(s.size)} (timebox ${s.timeboxMinutes} min) · **Phase:** ${label(s.phase)}`,
    '',
  )
  const list = (title: string, items: string[]) => {
    out.push(`**${title}:**`, '')
    out.push(...(items.length ? items.map((i) => `- ${md(i)}`) : ['- (none listed)']), '')
  }
  list('In scope', s.inScope)
  list('Out of scope', s.outOfScope)
  list('Goals', s.goals)
  if (s.lastThing) out.push(`**The last thing we want to happen:** ${md(s.lastThing)}`, '')
  out.push('**Participants:**', '')
  out.push(
    ...(s.participants.length
      ? s.participants.map((p) => `- ${md(p.name)} (${label(p.role)})`)
      : ['- (none listed)']),
    '',
  )

  out.push('## Diagram', '', diagramLine(r), '')
  if (r.diagram) out.push('The diagram is embedded in the HTML and PDF reports.', '')

  out.push('## Assets', '')
  if (r.assets.length === 0) out.push('No assets listed.', '')
  else {
    out.push(row(['Asset', 'Kind', 'Sensitivity', 'Owner']), row(['---', '---', '---', '---']))
    for (const a of r.assets)
      out.push(row([md(a.name), label(a.kind), label(a.sensitivity), md(a.owner)]))
    out.push('')
  }

  out.push('## Recommendations', '')
  if (r.recommendations.length === 0) out.push('No recommendations yet.', '')
  for (const p of PRIORITIES) {
    const recs = r.recommendations.filter((x) => x.priority === p)
    if (recs.length === 0) continue
    out.push(`### ${label(p)} priority — ${PRIORITY_MEANING[p]}`, '')
    for (const rec of recs) {
      out.push(
        `- **${md(rec.text)}** — ${label(rec.status)}${rec.owner ? `, owner ${md(rec.owner)}` : ''}`,
      )
      if (rec.ticketUrl) out.push(`  - Ticket: <${encodeURI(rec.ticketUrl)}>`)
      if (rec.exception) {
        out.push(
          `  - Exception approved by ${md(rec.exception.approvedBy)}: ${md(rec.exception.reason)}`,
        )
      }
      for (const t of rec.threats) {
        out.push(`  - Answers: ${md(t.title)} (${categoryLabel(t.category)}, ${label(t.severity)})`)
      }
    }
    out.push('')
  }

  out.push('## Threats', '')
  if (r.threatsByCategory.length === 0) out.push('No threats recorded.', '')
  for (const group of r.threatsByCategory) {
    out.push(`### ${group.letter} — ${group.label}`, '')
    out.push(
      row(['Threat', 'Severity', 'Status', 'Targets', 'Answered']),
      row(['---', '---', '---', '---', '---']),
    )
    for (const t of group.threats) {
      out.push(
        row([
          md(t.title),
          label(t.severity),
          label(t.status),
          t.targetNames.map(md).join(', ') || '—',
          t.answeredBy.length ? 'yes' : '**no**',
        ]),
      )
    }
    out.push('')
    for (const t of group.threats.filter((x) => x.description || x.mitigation)) {
      out.push(
        `- **${md(t.title)}:** ${md(t.description)}${t.mitigation ? ` Mitigation: ${md(t.mitigation)}` : ''}`,
      )
    }
    out.push('')
  }

  out.push('## Called out', '')
  out.push(
    r.unansweredThreats.length
      ? `Open threats without a recommendation: ${r.unansweredThreats.map((t) => `${md(t.title)} (${label(t.severity)})`).join('; ')}.`
      : 'Every open threat has a recommendation.',
    '',
  )
  out.push(
    r.exceptions.length
      ? `Exceptions: ${r.exceptions.map((e) => `${md(e.text)} — approved by ${md(e.exception?.approvedBy ?? '?')}`).join('; ')}.`
      : 'No exceptions.',
    '',
  )

  out.push('## Hints and review', '')
  if (r.hints.length === 0 && r.reviews.length === 0) out.push('No hints or review notes.', '')
  for (const h of r.hints)
    out.push(`- Hint from ${md(h.author)} (${label(h.state)}): ${md(h.text)}`)
  for (const v of r.reviews) {
    out.push(
      `- Review by ${md(v.reviewer)}, ${new Date(v.at).toISOString()}: **${label(v.verdict)}** — ${md(v.comment)}`,
    )
    if (v.findings) out.push(`  - Additional findings: ${md(v.findings)}`)
  }
  out.push('')

  out.push('## Summary', '')
  const c = r.counts
  out.push(
    row(['Open threats by severity', ...SEVERITIES.map(label)]),
    row(['---', ...SEVERITIES.map(() => '---:')]),
  )
  out.push(row(['', ...SEVERITIES.map((x) => String(c.openThreatsBySeverity[x]))]), '')
  out.push(
    row(['Recommendations by priority', ...PRIORITIES.map(label)]),
    row(['---', ...PRIORITIES.map(() => '---:')]),
  )
  out.push(row(['', ...PRIORITIES.map((x) => String(c.recommendationsByPriority[x]))]), '')
  out.push(
    row(['Recommendations by status', ...RECOMMENDATION_STATUSES.map(label)]),
    row(['---', ...RECOMMENDATION_STATUSES.map(() => '---:')]),
  )
  out.push(
    row(['', ...RECOMMENDATION_STATUSES.map((x) => String(c.recommendationsByStatus[x]))]),
    '',
  )
  return out.join('\n')
}

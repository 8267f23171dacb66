import { PRIORITY_MEANING, PRIORITIES } from '@threatboard/shared/domain/recommendation.ts'
import { STRIDE, STRIDE_INFO } from '@threatboard/shared/domain/stride.ts'
import { SEVERITIES } from '@threatboard/shared/domain/threat.ts'
import type { Report } from './buildReport.ts'
import { md, mdCell, mdLines } from './markdownText.ts'
import { renderMermaid } from './renderMermaid.ts'
import { renderTicket } from './renderTicket.ts'
import {
  allAnsweredText,
  aboutLine,
  categoryLabel,
  coverageGapLine,
  coverageHeadline,
  DEFAULT_RENDER,
  label,
  modelLine,
  noSevereUnansweredText,
  participantsLine,
  reviewLine,
  reviewNote,
  versionLine,
  when,
  yesNo,
  type RenderOptions,
} from './text.ts'

export { md } from './markdownText.ts'

const row = (cells: string[]) => `| ${cells.join(' | ')} |`
const table = (head: string[], rows: string[][], align = head.map(() => '---')) => [
  row(head),
  row(align),
  ...rows.map(row),
  '',
]

/** The first page: what, when, where it stands, and what needs doing. */
function summary(r: Report, tz: string): string[] {
  const s = r.summary
  const note = reviewNote(s.review)
  const out: string[] = ['## Summary', '']
  if (r.session.description) out.push(mdLines(r.session.description), '')
  const started = r.session.startedAt ? ` · session started ${when(r.session.startedAt, tz)}` : ''
  out.push(
    `**Modelled:** ${label(r.session.size)} session (timebox ${r.session.timeboxMinutes} min)${started} · ` +
      `**Review:** ${md(reviewLine(s.review, tz))}`,
    '',
    ...(note ? [`> ${md(note)}`, ''] : []),
    modelLine(r),
    '',
  )
  const people = participantsLine(r)
  if (people) out.push(md(people), '')
  out.push(
    ...table(
      ['Threats by severity', ...SEVERITIES.map(label), 'Total'],
      [
        [
          'All',
          ...SEVERITIES.map((x) => String(s.threatsBySeverity[x].total)),
          `${r.counts.threats}`,
        ],
        [
          'Open',
          ...SEVERITIES.map((x) => String(s.threatsBySeverity[x].open)),
          String(SEVERITIES.reduce((n, x) => n + s.threatsBySeverity[x].open, 0)),
        ],
      ],
      ['---', ...SEVERITIES.map(() => '---:'), '---:'],
    ),
  )
  out.push(
    ...table(
      ['STRIDE', ...STRIDE.map((c) => `${STRIDE_INFO[c].letter} ${categoryLabel(c)}`)],
      [['Threats', ...STRIDE.map((c) => String(s.threatsByCategory[c]))]],
      ['---', ...STRIDE.map(() => '---:')],
    ),
  )
  out.push(`**${coverageHeadline(s.coverage)}**`, '')
  if (s.coverage.gaps.length) {
    out.push('**Elements with expected STRIDE categories nobody considered yet:**', '')
    out.push(...s.coverage.gaps.map((g) => `- ${md(coverageGapLine(g))}`), '')
  }
  out.push('**Open Critical and High threats without a recommendation:**', '')
  out.push(
    ...(s.openSevereUnanswered.length
      ? s.openSevereUnanswered.map(
          (t) => `- ${md(t.title)} (${label(t.severity)}, ${categoryLabel(t.category)})`,
        )
      : [`- ${noSevereUnansweredText(s)}`]),
    '',
  )
  out.push('**High-priority recommendations:**', '')
  out.push(
    ...(s.highRecommendations.length
      ? s.highRecommendations.map(
          (x) =>
            `- ${md(x.text)} — ${x.owner ? `owner ${md(x.owner)}` : '**no owner**'}, ${label(x.status).toLowerCase()}`,
        )
      : ['- None.']),
    '',
  )
  out.push('**Exceptions:**', '')
  out.push(
    ...(r.exceptions.length
      ? r.exceptions.map(
          (e) =>
            `- ${md(e.text)} — approved by ${md(e.exception?.approvedBy ?? '?')}: ${md(e.exception?.reason ?? '')}`,
        )
      : ['- None.']),
    '',
  )
  return out
}

function diagram(r: Report): string[] {
  const chart = renderMermaid(r.inventory)
  if (!chart) return ['## Diagram', '', 'The board has no elements yet.', '']
  return ['## Diagram', '', '```mermaid', chart, '```', '']
}

function inventory(r: Report): string[] {
  const inv = r.inventory
  const boundary = new Map(inv.boundaries.map((b) => [b.id, b.name]))
  const paged = inv.pages.length > 1
  const page = (p: string) => (paged ? [mdCell(p)] : [])
  const out = ['## Inventory', '', '### Elements', '']
  if (inv.elements.length === 0) out.push('No elements on the board.', '')
  else
    out.push(
      ...table(
        [
          'Element',
          'Kind',
          'In scope',
          'Trust boundary',
          'Pinned assets',
          ...(paged ? ['Page'] : []),
        ],
        inv.elements.map((e) => [
          mdCell(e.name || label(e.kind)),
          label(e.kind),
          yesNo(e.inScope),
          e.boundaryId ? mdCell(boundary.get(e.boundaryId) ?? '') : '—',
          mdCell(e.assets.join(', ')),
          ...page(e.page),
        ]),
      ),
    )
  out.push('### Data flows', '')
  if (inv.flows.length === 0) out.push('No data flows on the board.', '')
  else
    out.push(
      ...table(
        [
          'Flow',
          'From → to',
          'Protocol',
          'Encrypted',
          'Public network',
          'In scope',
          ...(paged ? ['Page'] : []),
        ],
        inv.flows.map((f) => [
          mdCell(f.label),
          `${mdCell(f.from)} ${f.bidirectional ? '↔' : '→'} ${mdCell(f.to)}`,
          mdCell(f.protocol),
          yesNo(f.encrypted),
          yesNo(f.publicNetwork),
          yesNo(f.inScope),
          ...page(f.page),
        ]),
      ),
    )
  return out
}

function details(r: Report, tz: string): string[] {
  const out: string[] = []
  const s = r.session
  out.push('## Scope', '')
  out.push(`**Phase:** ${label(s.phase)}`, '')
  const list = (title: string, items: string[]) => {
    out.push(`**${title}:**`, '')
    out.push(...(items.length ? items.map((i) => `- ${md(i)}`) : ['- (none listed)']), '')
  }
  list('In scope', s.inScope)
  list('Out of scope', s.outOfScope)
  list('Goals', s.goals)
  if (s.lastThing) out.push(`**The last thing we want to happen:** ${mdLines(s.lastThing)}`, '')
  list(
    'Participants',
    s.participants.map((p) => `${p.name} (${label(p.role)})`),
  )

  out.push('## Assets', '')
  if (r.assets.length === 0) out.push('No assets listed.', '')
  else
    out.push(
      ...table(
        ['Asset', 'Kind', 'Sensitivity', 'Owner'],
        r.assets.map((a) => [mdCell(a.name), label(a.kind), label(a.sensitivity), mdCell(a.owner)]),
      ),
    )

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
          `  - Exception approved by ${md(rec.exception.approvedBy)}: ${mdLines(rec.exception.reason, '    ')}`,
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
      ...table(
        ['Threat', 'Severity', 'Status', 'Targets', 'Answered'],
        group.threats.map((t) => [
          mdCell(t.title),
          label(t.severity),
          label(t.status),
          mdCell(t.targetNames.join(', ')),
          t.answeredBy.length ? 'yes' : '**no**',
        ]),
      ),
    )
    for (const t of group.threats.filter((x) => x.description || x.mitigation)) {
      out.push(
        `- **${md(t.title)}:** ${mdLines(t.description, '  ')}${t.mitigation ? ` Mitigation: ${mdLines(t.mitigation, '  ')}` : ''}`,
      )
    }
    out.push('')
  }

  out.push('## Called out', '')
  out.push(
    r.unansweredThreats.length
      ? `Open threats without a recommendation: ${r.unansweredThreats.map((t) => `${md(t.title)} (${label(t.severity)})`).join('; ')}.`
      : allAnsweredText(r),
    '',
  )

  out.push('## Hints and review', '')
  if (r.hints.length === 0 && r.reviews.length === 0) out.push('No hints or review notes.', '')
  for (const h of r.hints)
    out.push(
      `- Hint on ${md(aboutLine(h.about))} from ${md(h.author)}, ${when(h.createdAt, tz)} (${label(h.state)}): ${mdLines(h.text, '  ')}`,
    )
  for (const v of r.reviews) {
    out.push(
      `- Review by ${md(v.reviewer)}, ${when(v.at, tz)}: **${label(v.verdict)}** — ${mdLines(v.comment, '  ')}`,
    )
    if (v.findings) out.push(`  - Additional findings: ${mdLines(v.findings, '    ')}`)
  }
  out.push('')
  return out
}

/**
 * The report as Markdown (GitHub-flavoured tables, a Mermaid diagram). `ticket` is the short
 * text a ticket carries; `summary` the first page (summary and diagram); `full` adds the
 * inventory and every detail.
 */
export function renderMarkdown(r: Report, opts: RenderOptions = DEFAULT_RENDER): string {
  if (opts.layout === 'ticket') return renderTicket(r, opts.timeZone)
  const tz = opts.timeZone
  const out: string[] = [`# ${md(r.title)} — threat model report`, '']
  out.push(`Generated ${when(r.generatedAt, tz)} · ${md(versionLine(r.version, tz))}`, '')
  out.push(...summary(r, tz), ...diagram(r))
  if (opts.layout === 'full') out.push(...inventory(r), ...details(r, tz))
  return `${out.join('\n').trimEnd()}\n`
}
